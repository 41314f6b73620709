"""The reports there are, who may see each, and how each is put together from the domains' figures."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.accounts.models import Role, User
from webapp.months import month_starts, next_month
from webapp.municipalities.models import Municipality
from webapp.offers import figures as offer_figures
from webapp.reports.services import (
    CalendarMonth,
    Cell,
    Chart,
    Kind,
    Report,
    Table,
    display,
    month_short,
    month_title,
    percent,
    period_title,
    weekday_names,
)
from webapp.respite import figures as respite_figures
from webapp.volunteers import figures as volunteer_figures

OFFER_ROLES = (Role.EDITOR, Role.VOLUNTEER_COORDINATOR)


def _same_numbers() -> str:
    return _("The same numbers are in the table below.")


# --- offers ---------------------------------------------------------------------------------


def offers_activity(municipality: Municipality, user: User, first: date, last: date) -> Report:
    rows = offer_figures.activity(municipality, first, last)
    months = month_starts(first, last)
    signups, attended = defaultdict(int), defaultdict(int)
    for row in rows:
        signups[row.month] += row.signups
        attended[row.month] += row.attended
    headers = [_("Month"), _("Sign-ups"), _("Attended")]
    detail_headers = [_("Offer"), _("Month"), _("Sign-ups"), _("Signed up and came"), _("Dropped in"), _("Attended")]
    detail = [[r.title, month_title(r.month), r.signups, r.present, r.drop_ins, r.attended] for r in rows]
    return Report(
        title=_("Sign-ups and attendance per month, %(period)s", period=period_title(first, last)),
        summary=_(
            "Sign-ups in all: %(signups)s. Attended in all: %(attended)s.",
            signups=sum(signups.values()),
            attended=sum(attended.values()),
        )
        + " "
        + _same_numbers(),
        chart_kind="bar",
        chart_labels=[month_short(m) for m in months],
        chart_series={_("Sign-ups"): [signups[m] for m in months], _("Attended"): [attended[m] for m in months]},
        table=Table(_("All offers per month"), headers, [[month_title(m), signups[m], attended[m]] for m in months]),
        more_tables=[Table(_("Per offer and month"), detail_headers, detail)],
        csv_headers=detail_headers,
        csv_rows=[[r.title, f"{r.month:%Y-%m}", r.signups, r.present, r.drop_ins, r.attended] for r in rows],
    )


def waiting_list(municipality: Municipality, user: User, first: date, last: date) -> Report:
    lengths = offer_figures.waiting_by_month(municipality, first, last)
    now = offer_figures.waiting_now(municipality)
    headers = [_("Month"), _("On the waiting list")]
    return Report(
        title=_("Waiting list at the end of each month, %(period)s", period=period_title(first, last)),
        summary=_("Waiting for a place now: %(count)s.", count=sum(w.waiting for w in now)) + " " + _same_numbers(),
        chart_kind="line",
        chart_labels=[month_short(m) for m, _n in lengths],
        chart_series={_("On the waiting list"): [n for _m, n in lengths]},
        table=Table(_("Waiting list per month"), headers, [[month_title(m), n] for m, n in lengths]),
        more_tables=[
            Table(
                _("Waiting now, per offer"), [_("Offer"), _("On the waiting list")], [[w.title, w.waiting] for w in now]
            )
        ],
        csv_headers=headers,
        csv_rows=[[f"{m:%Y-%m}", n] for m, n in lengths],
    )


def staircase(municipality: Municipality, user: User, first: date, last: date) -> Report:
    levels = offer_figures.use_by_level(municipality, first, last)

    def name(level) -> str:
        return _("Step %(rank)s", rank=level.rank) if level.rank is not None else level.title

    def low(level) -> str:
        return "" if level.needs_decision is None else _("No") if level.needs_decision else _("Yes")

    headers = [_("Step"), _("Description"), _("Low threshold"), _("Offers"), _("Sign-ups"), _("Attended")]
    rows = [[name(lv), lv.title, low(lv), lv.offers, lv.signups, lv.attended] for lv in levels]
    return Report(
        title=_("Use per step of the staircase, %(period)s", period=period_title(first, last)),
        summary=_(
            "The lowest steps come first. Attended on low-threshold steps: %(low)s of %(all)s.",
            low=sum(lv.attended for lv in levels if lv.needs_decision is False),
            all=sum(lv.attended for lv in levels),
        )
        + " "
        + _same_numbers(),
        chart_kind="bar",
        chart_labels=[name(lv) for lv in levels],
        chart_series={_("Sign-ups"): [lv.signups for lv in levels], _("Attended"): [lv.attended for lv in levels]},
        table=Table(_("Use per step"), headers, rows),
        csv_headers=headers,
        csv_rows=rows,
    )


# --- volunteers -----------------------------------------------------------------------------


def volunteers(municipality: Municipality, user: User, first: date, last: date) -> Report:
    months, total = volunteer_figures.stats_between(municipality, first, last)
    headers = [
        _("Month"),
        _("Active volunteers"),
        _("Approved hours"),
        _("Tasks done"),
        _("Median answer time (hours)"),
    ]

    def row(p, label: str) -> list:
        return [label, p.active_volunteers, p.hours, p.tasks_done, p.median_answer_hours]

    rows = [row(p, month_title(p.start)) for p in months] + [row(total, _("Whole period"))]
    return Report(
        title=_("Approved volunteer hours per month, %(period)s", period=period_title(first, last)),
        summary=_(
            "Approved hours in all: %(hours)s. Active volunteers: %(count)s.",
            hours=display(total.hours),
            count=total.active_volunteers,
        )
        + " "
        + _same_numbers(),
        chart_kind="bar",
        chart_labels=[month_short(p.start) for p in months],
        chart_series={_("Approved hours"): [p.hours for p in months]},
        table=Table(_("Volunteers per month"), headers, rows),
        csv_headers=headers,
        csv_rows=[row(p, p.label) for p in [*months, total]],
    )


def volunteer_year(municipality: Municipality, user: User, first: date, last: date) -> Report:
    """The centre's annual report: active volunteers, approved hours per role and tasks per kind,
    per month, with the same approved hours as the volunteers report."""
    year = volunteer_figures.year_between(municipality, first, last)
    roles, kinds = volunteer_figures.role_names(), volunteer_figures.kind_names()
    months = year.months
    role_titles = [roles.get(code, code) for code in year.roles]
    kind_titles = [kinds.get(kind, kind) for kind in year.kinds]
    hour_headers = [_("Month"), _("Active volunteers"), *role_titles, _("Approved hours")]
    task_headers = [_("Month"), *kind_titles, _("Tasks in all")]

    def hour_row(month: date | None, label: str) -> list:
        return [
            label,
            year.volunteers.get(month, 0),
            *[year.hours(month, code) for code in year.roles],
            year.hours(month),
        ]

    def task_row(month: date | None, label: str) -> list:
        return [label, *[year.task_count(month, kind) for kind in year.kinds], year.task_count(month)]

    def rows(make) -> list[list]:
        return [make(m, month_title(m)) for m in months] + [make(None, _("Whole period"))]

    labels = [month_short(m) for m in months]
    hours_series = {
        title: [year.hours(m, code) for m in months] for code, title in zip(year.roles, role_titles, strict=True)
    }
    task_series = {
        title: [year.task_count(m, kind) for m in months] for kind, title in zip(year.kinds, kind_titles, strict=True)
    }
    period = period_title(first, last)
    csv_label = f"{months[0]:%Y-%m}–{months[-1]:%Y-%m}"
    return Report(
        title=_("Approved hours per role and month, %(period)s", period=period),
        summary=_(
            "Approved hours in all: %(hours)s. Active volunteers: %(count)s.",
            hours=display(year.hours()),
            count=year.volunteers.get(None, 0),
        )
        + " "
        + _same_numbers(),
        chart_kind="bar",
        chart_labels=labels,
        chart_series=hours_series or {_("Approved hours"): [0 for _m in months]},
        table=Table(_("Volunteers and hours per month"), hour_headers, rows(hour_row)),
        more_charts=[
            Chart(
                _("Tasks per kind and month, %(period)s", period=period),
                _("Tasks with approved hours in all: %(count)s.", count=year.task_count()) + " " + _same_numbers(),
                "bar",
                labels,
                task_series or {_("Tasks in all"): [0 for _m in months]},
                Table(_("Tasks per kind and month"), task_headers, rows(task_row)),
            )
        ],
        more_tables=[
            Table(
                _("Approved hours per role"),
                [_("Role"), _("Approved hours")],
                [[title, year.hours(None, code)] for code, title in zip(year.roles, role_titles, strict=True)],
            )
        ],
        csv_headers=[*hour_headers, *task_headers[1:]],
        csv_rows=[
            hour_row(m, label) + task_row(m, label)[1:]
            for m, label in [*[(m, f"{m:%Y-%m}") for m in months], (None, csv_label)]
        ],
    )


# --- respite --------------------------------------------------------------------------------


def _calendar(unit: str, days: list, month: date) -> CalendarMonth:
    by_day = {d.day: Cell(d.day, d.taken, d.places) for d in days}
    day = month - timedelta(days=month.weekday())
    weeks = []
    while day < next_month(month):
        weeks.append(
            [
                by_day.get(day + timedelta(days=i)) if (day + timedelta(days=i)).month == month.month else None
                for i in range(7)
            ]
        )
        day += timedelta(days=7)
    return CalendarMonth(f"{unit}, {month_title(month)}", weeks)


def respite_occupancy(municipality: Municipality, user: User, first: date, last: date) -> Report:
    units = respite_figures.occupancy(user, municipality.id, first, next_month(last) - timedelta(days=1))
    headers = [_("Unit"), _("Places taken"), _("Places in all"), _("Occupied (%)")]
    rows = [[u.name, u.taken, u.places, percent(u.taken, u.places)] for u in units]
    return Report(
        title=_("Occupancy per unit, %(period)s", period=period_title(first, last)),
        summary=_("Share of the places taken, per unit.") + " " + _same_numbers(),
        chart_kind="bar",
        chart_labels=[u.name for u in units],
        chart_series={_("Occupied (%)"): [percent(u.taken, u.places) or 0 for u in units]},
        table=Table(_("Occupancy per unit"), headers, rows),
        calendar=[_calendar(u.name, u.days, m) for u in units for m in month_starts(first, last)],
        weekdays=weekday_names(),
        csv_headers=[_("Unit"), _("Date"), _("Places taken"), _("Places")],
        csv_rows=[[u.name, d.day.isoformat(), d.taken, d.places] for u in units for d in u.days],
    )


def respite_quota(municipality: Municipality, user: User, first: date, last: date) -> Report:
    rows = respite_figures.quota(municipality.id, first, next_month(last) - timedelta(days=1))
    kinds: dict[str, list] = {}
    for row in rows:
        kinds.setdefault(f"{row.kind_title} ({row.unit_word})", []).append(row)
    headers = [_("Kind of respite"), _("Decisions"), _("Granted"), _("Used"), _("Used (%)")]
    summary = [
        [
            name,
            len(group),
            sum(r.granted for r in group),
            sum(r.used for r in group),
            percent(sum(r.used for r in group), sum(r.granted for r in group)),
        ]
        for name, group in kinds.items()
    ]
    detail_headers = [_("Decision"), _("Kind of respite"), _("Units"), _("Granted"), _("Used")]
    detail = [
        [_("Decision %(id)s", id=r.decision_id), f"{r.kind_title} ({r.unit_word})", r.units, r.granted, r.used]
        for r in rows
    ]
    return Report(
        title=_("Quota granted and used, %(period)s", period=period_title(first, last)),
        summary=_("Decisions in the period: %(count)s.", count=len(rows)) + " " + _same_numbers(),
        chart_kind="bar",
        chart_labels=list(kinds),
        chart_series={_("Granted"): [s[2] for s in summary], _("Used"): [s[3] for s in summary]},
        table=Table(_("Per kind of respite"), headers, summary),
        more_tables=[Table(_("Per decision"), detail_headers, detail)],
        csv_headers=detail_headers,
        csv_rows=detail,
    )


def respite_applications(municipality: Municipality, user: User, first: date, last: date) -> Report:
    months, total = respite_figures.applications(municipality.id, first, last)
    headers = [_("Month"), _("Received"), _("Decided"), _("Granted"), _("Median days to decision")]

    def row(m, label: str) -> list:
        return [label, m.received, m.decided, m.granted, m.median_days]

    return Report(
        title=_("Applications per month, %(period)s", period=period_title(first, last)),
        summary=_(
            "Applications received: %(received)s. Decided: %(decided)s.", received=total.received, decided=total.decided
        )
        + " "
        + _same_numbers(),
        chart_kind="bar",
        chart_labels=[month_short(m.month) for m in months],
        chart_series={_("Received"): [m.received for m in months], _("Decided"): [m.decided for m in months]},
        table=Table(
            _("Applications per month"),
            headers,
            [row(m, month_title(m.month)) for m in months] + [row(total, _("Whole period"))],
        ),
        csv_headers=headers,
        csv_rows=[row(m, f"{m.month:%Y-%m}") for m in months] + [row(total, _("Whole period"))],
    )


REPORTS: list[Kind] = [
    Kind(
        "offers-activity",
        _l("Sign-ups and attendance"),
        _l("Sign-ups and attendance per offer and month."),
        OFFER_ROLES,
        offers_activity,
    ),
    Kind(
        "waiting-list",
        _l("Waiting lists"),
        _l("How many wait for a place, now and at the end of each month."),
        OFFER_ROLES,
        waiting_list,
    ),
    Kind(
        "staircase",
        _l("Use per step of the staircase"),
        _l("Sign-ups and attendance per step, the lowest steps first."),
        OFFER_ROLES,
        staircase,
    ),
    Kind(
        "volunteers",
        _l("Volunteers"),
        _l("Active volunteers, approved hours and how quickly interest is answered."),
        (Role.VOLUNTEER_COORDINATOR,),
        volunteers,
    ),
    Kind(
        "volunteer-year",
        _l("The volunteer centre's year"),
        _l("Active volunteers, approved hours per role and tasks per kind, per month: for the annual report."),
        (Role.VOLUNTEER_COORDINATOR,),
        volunteer_year,
        max_months=12,
        year_to_date=True,
    ),
    Kind(
        "respite-occupancy",
        _l("Respite occupancy"),
        _l("Places taken per unit and day, as a calendar."),
        (Role.ALLOCATION_OFFICER, Role.UNIT_STAFF),
        respite_occupancy,
        max_months=3,
        default_months=1,
    ),
    Kind(
        "respite-quota",
        _l("Decisions and quota"),
        _l("Respite granted in decisions and how much of it is used."),
        (Role.ALLOCATION_OFFICER,),
        respite_quota,
    ),
    Kind(
        "respite-applications",
        _l("Applications for respite"),
        _l("Applications received and decided, and how long a decision takes."),
        (Role.ALLOCATION_OFFICER,),
        respite_applications,
    ),
]
BY_SLUG = {kind.slug: kind for kind in REPORTS}
ROLES = tuple(dict.fromkeys(role for kind in REPORTS for role in kind.roles))

"""What the calendars show: allowance left per period, and per day whether the unit has room.
Never who else is there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from webapp import clock
from webapp.respite.models import Booking, Decision, QuotaUnit, RespiteUnit, WaitingListEntry
from webapp.respite.periods import Period, next_month, occupied_days, periods_between
from webapp.respite.rules import period_label
from webapp.respite.services import (
    QuotaShare,
    RespiteError,
    bookings_of_decision,
    check_stay,
    free_places,
    holiday_days,
    places_on,
    quota_shares,
    quota_used,
    unit_word,
    waiting_entries,
)


@dataclass
class Allowance:
    period: Period
    used: int
    amount: int

    @property
    def left(self) -> int:
        return max(self.amount - self.used, 0)


@dataclass
class Day:
    day: date
    in_month: bool
    status: str  # free, few, full, closed, outside
    holiday: str = ""
    own: list[Booking] = field(default_factory=list)
    waiting: WaitingListEntry | None = None

    @property
    def mark(self) -> str:
        return MARKS["own"] if self.own else MARKS[self.status]

    @property
    def status_title(self) -> str:
        return {
            "free": _("Free"),
            "few": _("Few places"),
            "full": _("Full"),
            "closed": _("Closed"),
            "outside": _("Cannot be booked"),
        }[self.status]


def month_start(value: str | None, today: date) -> date:
    """'2026-12' → 1 December 2026; anything else → this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def allowances(decision: Decision, first: date, last: date) -> list[Allowance]:
    first = max(first, decision.valid_from)
    last = min(last, decision.valid_to)
    if first > last:
        return []
    used = quota_used(decision)
    return [Allowance(p, used[p], decision.quota_amount) for p in periods_between(decision, first, last)]


def current_allowance(decision: Decision, today: date) -> str:
    """The sentence for the period that holds today (or the first one, before the decision starts)."""
    day = min(max(today, decision.valid_from), decision.valid_to)
    found = allowances(decision, day, day)
    return allowance_text(decision, found[0]) if found and decision.is_active else ""


def allowance_text(decision: Decision, allowance: Allowance) -> str:
    period = allowance.period
    if period.is_month:
        label = format_date(period.start, "LLLL y")
    else:
        label = _(
            "the period %(start)s to %(end)s",
            start=format_date(period.start, "d. MMMM"),
            end=format_date(period.last, "d. MMMM y"),
        )
    values = {"left": allowance.left, "num": allowance.amount, "period": label}
    if decision.quota_unit == QuotaUnit.WEEKENDS:
        return ngettext(
            "You have %(left)s of %(num)s weekend left in %(period)s",
            "You have %(left)s of %(num)s weekends left in %(period)s",
            **values,
        )
    if decision.quota_unit == QuotaUnit.DAYS:
        return ngettext(
            "You have %(left)s of %(num)s day left in %(period)s",
            "You have %(left)s of %(num)s days left in %(period)s",
            **values,
        )
    return ngettext(
        "You have %(left)s of %(num)s night left in %(period)s",
        "You have %(left)s of %(num)s nights left in %(period)s",
        **values,
    )


def quota_text(decision: Decision) -> str:
    """'4 døgn per 4 veker', '6 days per calendar month'."""
    amount = decision.quota_amount
    unit = {
        QuotaUnit.WEEKENDS: ngettext("weekend", "weekends", amount),
        QuotaUnit.DAYS: ngettext("day", "days", amount),
    }.get(QuotaUnit(decision.quota_unit), ngettext("night", "nights", amount))
    if decision.period_kind == "month":
        return _("%(amount)s %(unit)s per calendar month", amount=amount, unit=unit)
    if decision.period_days % 7 == 0:
        weeks = decision.period_days // 7
        return ngettext(
            "%(amount)s %(unit)s per week", "%(amount)s %(unit)s per %(num)s weeks", weeks, amount=amount, unit=unit
        )
    return _("%(amount)s %(unit)s per %(days)s days", amount=amount, unit=unit, days=decision.period_days)


def month_days(decision: Decision, unit: RespiteUnit, first: date, *, now: datetime) -> list[list[Day]]:
    """The weeks (Monday first) of the month that starts on `first`."""
    last = next_month(first) - timedelta(days=1)
    grid_start = first - timedelta(days=first.weekday())
    grid_end = last + timedelta(days=6 - last.weekday())
    today = clock.today(now)
    horizon = today + timedelta(days=decision.horizon_days)
    free_on = free_places(
        unit, [grid_start + timedelta(days=i) for i in range((grid_end - grid_start).days + 1)], now=now
    )
    holiday = holiday_days(decision.municipality_id, grid_start, grid_end)
    own: dict[date, list[Booking]] = {}
    for booking in bookings_of_decision(decision):
        if booking.is_active:
            for d in occupied_days(booking.arrival, booking.departure, decision.counts_nights):
                own.setdefault(d, []).append(booking)
    waiting = {e.day: e for e in waiting_entries(decision) if e.respite_unit_id == unit.id}
    weeks: list[list[Day]] = []
    day = grid_start
    while day <= grid_end:
        week = []
        for _i in range(7):
            bookable = decision.is_active and max(today, decision.valid_from) <= day <= min(decision.valid_to, horizon)
            places = places_on(unit, day)
            if not bookable:
                status = "outside"
            elif places == 0:
                status = "closed"
            else:
                free = free_on[day]
                status = "full" if free <= 0 else "few" if free == 1 or free <= places // 4 else "free"
            week.append(
                Day(day, day.month == first.month, status, holiday.get(day, ""), own.get(day, []), waiting.get(day))
            )
            day += timedelta(days=1)
        weeks.append(week)
    return weeks


def weekday_names() -> list[tuple[str, str]]:
    """(short, full) from Monday: ("ma", "måndag"). Two letters fit a column at 320 px; screen
    readers get the full name."""
    monday = date(2024, 1, 1)
    short = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return [(short[i], format_date(monday + timedelta(days=i), "EEEE")) for i in range(7)]


# A mark per status, so a narrow calendar says it without colour alone and without words that would
# spill into the next day.
MARKS = {"free": "✓", "few": "!", "full": "✕", "closed": "–", "outside": "", "own": "●"}


def legend() -> list[tuple[str, str, str]]:
    """(status, mark, title) for the calendar's legend, in the calendar's own words."""
    statuses = ("free", "few", "full", "closed")
    return [(s, MARKS[s], Day(date.min, True, s).status_title) for s in statuses] + [
        ("own", MARKS["own"], _("Your stays"))
    ]


def stay_summary(decision: Decision, arrival: date, departure: date) -> str:
    nights = decision.counts_nights
    count = len(occupied_days(arrival, departure, nights))
    unit = ngettext("night", "nights", count) if nights else ngettext("day", "days", count)
    return _(
        "%(count)s %(unit)s, from %(arrival)s to %(departure)s",
        count=count,
        unit=unit,
        arrival=format_date(arrival, "full"),
        departure=format_date(departure, "full"),
    )


@dataclass
class StayPreview:
    """What the booking form shows beside its button as the dates change: the free places on each
    chosen night (or day), how much of the quota the stay uses, and the rule it breaks, if any."""

    free: list[tuple[date, int]]
    shares: list[QuotaShare]
    problem: str = ""

    def share_text(self, decision: Decision, share: QuotaShare) -> str:
        sentence = ngettext(
            "The stay uses %(use)s of %(num)s %(unit)s left",
            "The stay uses %(use)s of %(num)s %(unit)s left",
            share.left,
            use=share.use,
            unit=unit_word(decision, share.left),
        )
        if len(self.shares) > 1:
            return _("%(sentence)s in %(period)s", sentence=sentence, period=period_label(share.period))
        return sentence


# A preview looks at one stay; a longer span is refused by the rules before anything is counted.
PREVIEW_MAX_DAYS = 31


def stay_preview(
    decision: Decision, unit: RespiteUnit, arrival: date, departure: date, *, now: datetime
) -> StayPreview:
    """Reads only; the same rule functions as the booking itself (`check_stay`, `free_places`,
    `quota_shares`), so the preview never promises what the booking refuses."""
    days = occupied_days(arrival, departure, decision.counts_nights)[:PREVIEW_MAX_DAYS]
    problem = ""
    try:
        check_stay(decision, unit, arrival, departure, now=now)
    except RespiteError as error:
        problem = str(error)
    free = free_places(unit, days, now=now)
    return StayPreview([(day, free[day]) for day in days], quota_shares(decision, days), problem)

"""The rules of booking inside a decision, and what they read: capacity per day, quota per
period, holidays. `check_stay` raises a translated RespiteError naming the rule that was broken.

Concurrency: a write first calls `lock`, which locks the person cared for, the decision and the
unit rows (SELECT … FOR UPDATE, always in that order) before anything is checked, so on
PostgreSQL two requests can never both pass the quota or capacity check. On SQLite the first
statement is a write, which takes the database's single write lock before the checks read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays as public_holidays
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from webapp import clock
from webapp.accounts.models import User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.locking import lock_rows
from webapp.respite import queries
from webapp.respite.models import (
    Booking,
    CareReceiver,
    Decision,
    DecisionRelative,
    QuotaUnit,
    RespiteUnit,
    SchoolHoliday,
)
from webapp.respite.periods import (
    Period,
    count_in_periods,
    is_weekend,
    length,
    occupied_days,
    quota_use,
)


class RespiteError(Exception):
    """A rule was broken; the message is translated and safe to show."""


class NotFound(RespiteError):
    """The thing does not exist, or the person may not know that it does."""


# --- reading ------------------------------------------------------------------------------------


def decision_for_relative(user: User, decision_id: int, municipality_id: int | None = None) -> Decision:
    decision = db.session.scalar(
        select(Decision)
        .join(DecisionRelative, DecisionRelative.decision_id == Decision.id)
        .where(Decision.id == decision_id, DecisionRelative.user_id == user.id)
    )
    if decision is None or (municipality_id is not None and decision.municipality_id != municipality_id):
        raise NotFound(_("Not found."))
    return decision


def booking_for_relative(user: User, booking_id: int, municipality_id: int | None = None) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(_("Not found."))
    decision_for_relative(user, booking.decision_id, municipality_id)
    return booking


def decisions_of(user: User, municipality_id: int) -> list[Decision]:
    return list(db.session.scalars(queries.decisions_of_relative(user.id, municipality_id)))


def bookings_of_decision(decision: Decision) -> list[Booking]:
    return list(db.session.scalars(select(Booking).where(Booking.decision_id == decision.id).order_by(Booking.arrival)))


def unit_of_decision(decision: Decision, unit_id: int | None) -> RespiteUnit:
    for unit in decision.units:
        if unit_id is None or unit.id == unit_id:
            return unit
    raise NotFound(_("Not found."))


def places_on(unit: RespiteUnit, day: date) -> int:
    if any(c.start <= day <= c.end for c in unit.closures):
        return 0
    places = 0
    for period in unit.capacities:  # ordered by valid_from
        if period.valid_from <= day:
            places = period.places
    return places


def occupancy(
    unit: RespiteUnit,
    first: date,
    last: date,
    *,
    exclude_booking: int | None = None,
    exclude_entry: int | None = None,
    now: datetime | None = None,
) -> Counter[date]:
    """Places taken per day: active bookings and offers from the waiting list still open."""
    taken: Counter[date] = Counter()
    for booking in db.session.scalars(queries.active_bookings_at(unit.id, first, last)):
        if booking.id != exclude_booking:
            taken.update(occupied_days(booking.arrival, booking.departure, unit.counts_nights))
    now = now or utcnow()
    for entry in db.session.scalars(queries.offers_at(unit.id, first, last, now)):
        if entry.id != exclude_entry:
            taken[entry.day] += 1
    return taken


# The `holidays` package names Norway's public holidays in bokmål only; one of them differs in nynorsk.
NYNORSK_HOLIDAYS = {"Arbeidernes dag": "Arbeidarane sin dag"}


@lru_cache(maxsize=32)
def public_holidays_in(year: int) -> dict[date, str]:
    """Norway's public holidays in a year (the package takes about 10 ms to work them out)."""
    return dict(public_holidays.Norway(years=year, language="no"))


def holiday_days(municipality_id: int, first: date, last: date) -> dict[date, str]:
    """Norwegian public holidays and the municipality's school holidays, by day."""
    found: dict[date, str] = {}
    nynorsk = str(get_locale()) == "nn"
    for day, name in (item for year in range(first.year, last.year + 1) for item in public_holidays_in(year).items()):
        if first <= day <= last:
            found[day] = NYNORSK_HOLIDAYS.get(name, name) if nynorsk else name
    for holiday in db.session.scalars(
        select(SchoolHoliday).where(
            SchoolHoliday.municipality_id == municipality_id,
            SchoolHoliday.start <= last,
            SchoolHoliday.end >= first,
        )
    ):
        day = max(holiday.start, first)
        while day <= min(holiday.end, last):
            found.setdefault(day, holiday.name)
            day += timedelta(days=1)
    return found


def quota_days(decision: Decision, exclude_booking: int | None = None) -> list[date]:
    """Every day (or night) that uses the quota: active bookings and late cancellations."""
    return [
        day
        for booking in db.session.scalars(queries.quota_bookings(decision.id))
        if booking.id != exclude_booking
        for day in occupied_days(booking.arrival, booking.departure, decision.counts_nights)
    ]


def quota_used(decision: Decision, exclude_booking: int | None = None) -> Counter[Period]:
    return quota_use(decision, quota_days(decision, exclude_booking))


def unit_word(decision: Decision, count: int) -> str:
    if decision.quota_unit == QuotaUnit.WEEKENDS:
        return ngettext("weekend", "weekends", count)
    if decision.quota_unit == QuotaUnit.DAYS:
        return ngettext("day", "days", count)
    return ngettext("night", "nights", count)


def period_label(period: Period) -> str:
    if period.is_month:
        return format_date(period.start, "LLLL y")
    return _(
        "%(start)s to %(end)s", start=format_date(period.start, "d. MMMM"), end=format_date(period.last, "d. MMMM y")
    )


@dataclass(frozen=True)
class QuotaShare:
    """How much of one period's quota a stay uses, and how much was left before it."""

    period: Period
    use: int
    left: int


def quota_shares(decision: Decision, days: list[date], before: list[date] | None = None) -> list[QuotaShare]:
    """The stay's use of each quota period it touches: the quota rule, and what the preview shows."""
    before = quota_days(decision) if before is None else before
    used = quota_use(decision, before)
    after = quota_use(decision, before + days)
    return [
        QuotaShare(period, after[period] - used[period], max(decision.quota_amount - used[period], 0))
        for period in sorted(after, key=lambda p: p.start)
        if after[period] - used[period]
    ]


def free_places(
    unit: RespiteUnit,
    days: list[date],
    *,
    exclude_booking: int | None = None,
    exclude_entry: int | None = None,
    now: datetime | None = None,
) -> dict[date, int]:
    """Places still free per day: the capacity rule, the calendar and the preview all read it."""
    if not days:
        return {}
    taken = occupancy(unit, min(days), max(days), exclude_booking=exclude_booking, exclude_entry=exclude_entry, now=now)
    return {day: places_on(unit, day) - taken[day] for day in days}


# --- the rules ----------------------------------------------------------------------------------


def check_stay(
    decision: Decision,
    unit: RespiteUnit,
    arrival: date,
    departure: date,
    *,
    now: datetime,
    exclude_booking: int | None = None,
    exclude_entry: int | None = None,
) -> None:
    """Raise RespiteError with the reason if the stay breaks a rule."""
    nights = decision.counts_nights
    if not decision.is_active:
        raise RespiteError(_("The decision has ended. Contact the allocation office."))
    if unit not in decision.units:
        raise NotFound(_("Not found."))
    if departure < arrival or (nights and departure == arrival):
        raise RespiteError(_("The departure must be after the arrival."))
    today = clock.today(now)
    if arrival < today:
        raise RespiteError(_("The arrival date has passed. Choose a later date."))
    last_day = departure - timedelta(days=1) if nights else departure
    if arrival < decision.valid_from or last_day > decision.valid_to:
        raise RespiteError(
            _(
                "The stay must be within the period of the decision, %(start)s to %(end)s.",
                start=format_date(decision.valid_from, "long"),
                end=format_date(decision.valid_to, "long"),
            )
        )
    if arrival > today + timedelta(days=decision.horizon_days):
        raise RespiteError(
            ngettext(
                "You can book at most %(num)s day ahead.",
                "You can book at most %(num)s days ahead.",
                decision.horizon_days,
            )
        )
    size = length(arrival, departure, nights)
    if size > decision.max_stay:
        raise RespiteError(
            _(
                "One stay can be at most %(count)s %(unit)s.",
                count=decision.max_stay,
                unit=(
                    ngettext("night", "nights", decision.max_stay)
                    if nights
                    else ngettext("day", "days", decision.max_stay)
                ),
            )
        )
    days = occupied_days(arrival, departure, nights)
    if decision.quota_unit == QuotaUnit.WEEKENDS and not all(is_weekend(d, nights) for d in days):
        raise RespiteError(_("This decision covers weekends only."))

    for other in db.session.scalars(queries.bookings_of_receiver(decision.care_receiver_id, arrival, departure)):
        if other.id != exclude_booking and set(days) & set(
            occupied_days(other.arrival, other.departure, other.respite_unit.counts_nights)
        ):
            raise RespiteError(
                _("%(name)s already has a stay on some of these days.", name=decision.care_receiver.name)
            )

    before = quota_days(decision, exclude_booking)
    for share in quota_shares(decision, days, before):
        if share.use > share.left:
            raise RespiteError(
                _(
                    "The stay uses %(use)s %(unit)s in %(period)s, but only %(left)s of %(quota)s are left.",
                    use=share.use,
                    unit=unit_word(decision, share.use),
                    period=period_label(share.period),
                    left=share.left,
                    quota=decision.quota_amount,
                )
            )
    _check_caps(decision, days, before)

    free = free_places(unit, days, exclude_booking=exclude_booking, exclude_entry=exclude_entry, now=now)
    for day in days:
        places = places_on(unit, day)
        if places == 0:
            raise RespiteError(
                _(
                    "%(unit)s is closed or has no respite places on %(day)s.",
                    unit=unit.name,
                    day=format_date(day, "full"),
                )
            )
        if free[day] <= 0:
            raise RespiteError(
                _(
                    "%(unit)s is full on %(day)s. You can join the waiting list for that day.",
                    unit=unit.name,
                    day=format_date(day, "full"),
                )
            )


def _check_caps(decision: Decision, days: list[date], others: list[date]) -> None:
    """Weekend and holiday caps, counted in nights (or days) per period."""
    if decision.weekend_cap is None and decision.holiday_cap is None:
        return
    nights = decision.counts_nights
    if decision.weekend_cap is not None:
        mine = count_in_periods(decision, [d for d in days if is_weekend(d, nights)])
        before = count_in_periods(decision, [d for d in others if is_weekend(d, nights)])
        for period, amount in mine.items():
            if amount + before[period] > decision.weekend_cap:
                raise RespiteError(
                    _(
                        "The decision allows at most %(cap)s %(unit)s at weekends in %(period)s.",
                        cap=decision.weekend_cap,
                        unit=unit_word(decision, decision.weekend_cap),
                        period=period_label(period),
                    )
                )
    if decision.holiday_cap is not None:
        every = days + others
        holiday = holiday_days(decision.municipality_id, min(every), max(every))
        mine = count_in_periods(decision, [d for d in days if d in holiday])
        before = count_in_periods(decision, [d for d in others if d in holiday])
        for period, amount in mine.items():
            if amount + before[period] > decision.holiday_cap:
                raise RespiteError(
                    _(
                        "The decision allows at most %(cap)s %(unit)s in holidays in %(period)s.",
                        cap=decision.holiday_cap,
                        unit=unit_word(decision, decision.holiday_cap),
                        period=period_label(period),
                    )
                )


def lock(decision_id: int, unit_ids: list[int]) -> Decision:
    """Lock the person cared for, the decision and the units, in that order, for this transaction."""
    receiver_id = db.session.scalar(select(Decision.care_receiver_id).where(Decision.id == decision_id))
    if receiver_id is None:
        raise NotFound(_("Not found."))
    # Table names put them in this order: respite_care_receivers, respite_decisions, respite_units.
    lock_rows((CareReceiver, [receiver_id]), (Decision, [decision_id]), (RespiteUnit, unit_ids))
    decision = db.session.get(Decision, decision_id, populate_existing=True)
    assert decision is not None
    return decision


def lock_units(unit_ids: list[int]) -> None:
    """Lock unit rows (alone where no decision is involved: capacity, closures, expiry)."""
    lock_rows((RespiteUnit, unit_ids))

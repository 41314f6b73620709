"""Booking inside a decision: every rule, checked and written atomically; cancellation, change,
and the waiting list that hands out freed places.

Concurrency: each write locks the person cared for, the decision and the unit rows (SELECT … FOR
UPDATE, always in that order) before it checks anything, so on PostgreSQL two requests can never
both pass the quota or capacity check. On SQLite the first statement is a write, which takes the
database's single write lock before the checks read."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as public_holidays
from flask import current_app, has_request_context, url_for
from flask_babel import format_date, gettext as _, ngettext
from sqlalchemy import select, text

from webapp.accounts.models import User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.services import queue_email
from webapp.respite import queries
from webapp.respite.models import (
    ACTIVE_BOOKING, Booking, BookingStatus, CareReceiver, Decision, DecisionRelative, QuotaUnit,
    RespiteUnit, SchoolHoliday, WaitingListEntry, WaitStatus,
)
from webapp.respite.periods import (
    Period, count_in_periods, is_weekend, length, occupied_days, period_of, quota_use,
)

OSLO = ZoneInfo("Europe/Oslo")


class RespiteError(Exception):
    """A rule was broken; the message is translated and safe to show."""


class NotFound(RespiteError):
    """The thing does not exist, or the person may not know that it does."""


def local_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(OSLO).date()


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
    return list(db.session.scalars(
        select(Booking).where(Booking.decision_id == decision.id).order_by(Booking.arrival)
    ))


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


def occupancy(unit: RespiteUnit, first: date, last: date, *, exclude_booking: int | None = None,
              exclude_entry: int | None = None, now: datetime | None = None) -> Counter[date]:
    """Places taken per day: active bookings and offers from the waiting list still open."""
    taken: Counter[date] = Counter()
    for booking in db.session.scalars(queries.active_bookings_at(unit.id, first, last)):
        if booking.id != exclude_booking:
            taken.update(occupied_days(booking.arrival, booking.departure, unit.counts_nights))
    now = now or utcnow()
    for entry in db.session.scalars(queries.offers_at(unit.id, first, last)):
        if entry.id != exclude_entry and entry.offer_expires_at and entry.offer_expires_at > now:
            taken[entry.day] += 1
    return taken


def holiday_days(municipality_id: int, first: date, last: date) -> dict[date, str]:
    """Norwegian public holidays and the municipality's school holidays, by day."""
    found: dict[date, str] = {}
    norway = public_holidays.Norway(years=range(first.year, last.year + 1), language="no")
    for day, name in norway.items():
        if first <= day <= last:
            found[day] = name
    for holiday in db.session.scalars(select(SchoolHoliday).where(
        SchoolHoliday.municipality_id == municipality_id,
        SchoolHoliday.start <= last, SchoolHoliday.end >= first,
    )):
        day = max(holiday.start, first)
        while day <= min(holiday.end, last):
            found.setdefault(day, holiday.name)
            day += timedelta(days=1)
    return found


def quota_days(decision: Decision, exclude_booking: int | None = None) -> list[date]:
    """Every day (or night) that uses the quota: active bookings and late cancellations."""
    return [day for booking in db.session.scalars(queries.quota_bookings(decision.id))
            if booking.id != exclude_booking
            for day in occupied_days(booking.arrival, booking.departure, decision.counts_nights)]


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
    return _("%(start)s to %(end)s", start=format_date(period.start, "d. MMMM"),
             end=format_date(period.last, "d. MMMM y"))


# --- the rules ----------------------------------------------------------------------------------

def check_stay(decision: Decision, unit: RespiteUnit, arrival: date, departure: date, *,
               now: datetime, exclude_booking: int | None = None,
               exclude_entry: int | None = None) -> None:
    """Raise RespiteError with the reason if the stay breaks a rule."""
    nights = decision.counts_nights
    if not decision.is_active:
        raise RespiteError(_("The decision has ended. Contact the allocation office."))
    if unit not in decision.units:
        raise NotFound(_("Not found."))
    if departure < arrival or (nights and departure == arrival):
        raise RespiteError(_("The departure must be after the arrival."))
    today = local_today(now)
    if arrival < today:
        raise RespiteError(_("The arrival date has passed. Choose a later date."))
    last_day = departure - timedelta(days=1) if nights else departure
    if arrival < decision.valid_from or last_day > decision.valid_to:
        raise RespiteError(_("The stay must be within the period of the decision, %(start)s to %(end)s.",
                             start=format_date(decision.valid_from, "long"),
                             end=format_date(decision.valid_to, "long")))
    if arrival > today + timedelta(days=decision.horizon_days):
        raise RespiteError(_("You can book at most %(days)s days ahead.", days=decision.horizon_days))
    size = length(arrival, departure, nights)
    if size > decision.max_stay:
        raise RespiteError(_("One stay can be at most %(count)s %(unit)s.", count=decision.max_stay,
                             unit=(ngettext("night", "nights", decision.max_stay) if nights
                                   else ngettext("day", "days", decision.max_stay))))
    days = occupied_days(arrival, departure, nights)
    if decision.quota_unit == QuotaUnit.WEEKENDS and not all(is_weekend(d, nights) for d in days):
        raise RespiteError(_("This decision covers weekends only."))

    for other in db.session.scalars(queries.bookings_of_receiver(decision.care_receiver_id, arrival, departure)):
        if other.id != exclude_booking and set(days) & set(
                occupied_days(other.arrival, other.departure, other.respite_unit.counts_nights)):
            raise RespiteError(_("%(name)s already has a stay on some of these days.",
                                 name=decision.care_receiver.name))

    before = quota_days(decision, exclude_booking)
    used = quota_use(decision, before)
    after = quota_use(decision, before + days)
    for period in sorted(after, key=lambda p: p.start):
        amount = after[period] - used[period]
        if amount and after[period] > decision.quota_amount:
            left = max(decision.quota_amount - used[period], 0)
            raise RespiteError(_("The stay uses %(use)s %(unit)s in %(period)s, but only %(left)s of %(quota)s are left.",
                                 use=amount, unit=unit_word(decision, amount), period=period_label(period),
                                 left=left, quota=decision.quota_amount))
    _check_caps(decision, days, before)

    taken = occupancy(unit, days[0], days[-1], exclude_booking=exclude_booking,
                      exclude_entry=exclude_entry, now=now)
    for day in days:
        places = places_on(unit, day)
        if places == 0:
            raise RespiteError(_("%(unit)s is closed or has no respite places on %(day)s.",
                                 unit=unit.name, day=format_date(day, "full")))
        if taken[day] >= places:
            raise RespiteError(_("%(unit)s is full on %(day)s. You can join the waiting list for that day.",
                                 unit=unit.name, day=format_date(day, "full")))


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
                raise RespiteError(_("The decision allows at most %(cap)s %(unit)s at weekends in %(period)s.",
                                     cap=decision.weekend_cap, unit=unit_word(decision, decision.weekend_cap),
                                     period=period_label(period)))
    if decision.holiday_cap is not None:
        every = days + others
        holiday = holiday_days(decision.municipality_id, min(every), max(every))
        mine = count_in_periods(decision, [d for d in days if d in holiday])
        before = count_in_periods(decision, [d for d in others if d in holiday])
        for period, amount in mine.items():
            if amount + before[period] > decision.holiday_cap:
                raise RespiteError(_("The decision allows at most %(cap)s %(unit)s in holidays in %(period)s.",
                                     cap=decision.holiday_cap, unit=unit_word(decision, decision.holiday_cap),
                                     period=period_label(period)))


def lock(decision_id: int, unit_ids: list[int]) -> Decision:
    """Lock the person cared for, the decision and the units, in that order, for this transaction."""
    if db.session.get_bind().dialect.name == "sqlite":
        # A write first: SQLite then holds its one write lock while the checks read.
        db.session.execute(text("UPDATE respite_decisions SET id = id WHERE id = :id"), {"id": decision_id})
    receiver_id = db.session.scalar(select(Decision.care_receiver_id).where(Decision.id == decision_id))
    if receiver_id is None:
        raise NotFound(_("Not found."))
    db.session.execute(select(CareReceiver.id).where(CareReceiver.id == receiver_id).with_for_update())
    db.session.execute(select(Decision.id).where(Decision.id == decision_id).with_for_update())
    db.session.execute(select(RespiteUnit.id).where(RespiteUnit.id.in_(sorted(unit_ids)))
                       .order_by(RespiteUnit.id).with_for_update())
    decision = db.session.get(Decision, decision_id, populate_existing=True)
    assert decision is not None
    return decision


# --- changing bookings --------------------------------------------------------------------------

def book(user: User, decision_id: int, unit_id: int, arrival: date, departure: date, *,
         now: datetime | None = None, entry_id: int | None = None) -> Booking:
    """Book a stay for the person cared for, or raise RespiteError with the reason."""
    now = now or utcnow()
    try:
        decision_for_relative(user, decision_id)
        decision = lock(decision_id, [unit_id])
        unit = unit_of_decision(decision, unit_id)
        check_stay(decision, unit, arrival, departure, now=now, exclude_entry=entry_id)
        booking = Booking(
            decision_id=decision.id, respite_unit_id=unit.id, booked_by_id=user.id,
            arrival=arrival, departure=departure,
            status=BookingStatus.PENDING if decision.needs_approval else BookingStatus.CONFIRMED,
        )
        db.session.add(booking)
        db.session.flush()
        _notify(booking, "booked")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return booking


def cancellation_deadline(booking: Booking) -> datetime:
    hour = current_app.config.get("RESPITE_ARRIVAL_HOUR", 12)
    arrival = datetime.combine(booking.arrival, time(hour), tzinfo=OSLO)
    return arrival - timedelta(hours=booking.decision.cancel_hours)


def cancel(user: User, booking_id: int, *, now: datetime | None = None) -> Booking:
    """Cancel a booking. Before the deadline the quota comes back; after it, the place is freed
    but the quota stays used."""
    now = now or utcnow()
    try:
        booking = booking_for_relative(user, booking_id)
        lock(booking.decision_id, [booking.respite_unit_id])
        db.session.refresh(booking)
        if not booking.is_active:
            raise RespiteError(_("The booking is already cancelled or declined."))
        if now.astimezone(OSLO).date() >= booking.departure:
            raise RespiteError(_("The stay is over and cannot be cancelled."))
        booking.late_cancel = now > cancellation_deadline(booking)
        booking.status = BookingStatus.CANCELLED
        booking.updated_at = now
        _notify(booking, "cancelled")
        offer_freed(booking.respite_unit, booking.arrival, booking.departure, now=now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return booking


def change(user: User, booking_id: int, arrival: date, departure: date, *,
           now: datetime | None = None) -> Booking:
    """Move or shorten a stay, under the same rules as a new booking."""
    now = now or utcnow()
    try:
        booking = booking_for_relative(user, booking_id)
        decision = lock(booking.decision_id, [booking.respite_unit_id])
        db.session.refresh(booking)
        if not booking.is_active:
            raise RespiteError(_("The booking is already cancelled or declined."))
        if now > cancellation_deadline(booking):
            raise RespiteError(_("The deadline for changes has passed. Contact the unit."))
        check_stay(decision, booking.respite_unit, arrival, departure, now=now, exclude_booking=booking.id)
        old = (booking.arrival, booking.departure)
        booking.arrival, booking.departure = arrival, departure
        booking.updated_at = now
        booking.flagged = False
        if decision.needs_approval:
            booking.status = BookingStatus.PENDING
        _notify(booking, "changed")
        db.session.flush()
        offer_freed(booking.respite_unit, *old, now=now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return booking


# --- the waiting list ---------------------------------------------------------------------------

def join_waiting_list(user: User, decision_id: int, unit_id: int, day: date, *,
                      now: datetime | None = None) -> WaitingListEntry:
    now = now or utcnow()
    decision = decision_for_relative(user, decision_id)
    unit = unit_of_decision(decision, unit_id)
    today = local_today(now)
    if not decision.is_active or not (max(today, decision.valid_from) <= day <= decision.valid_to) \
            or day > today + timedelta(days=decision.horizon_days):
        raise RespiteError(_("You can only wait for a day within your decision and booking window."))
    if occupancy(unit, day, day, now=now)[day] < places_on(unit, day):
        raise RespiteError(_("There is a free place that day. Book it instead."))
    existing = db.session.scalar(select(WaitingListEntry).where(
        WaitingListEntry.decision_id == decision.id, WaitingListEntry.day == day,
        WaitingListEntry.respite_unit_id == unit.id,
        WaitingListEntry.status.in_((WaitStatus.WAITING, WaitStatus.OFFERED))))
    if existing is not None:
        return existing
    entry = WaitingListEntry(decision_id=decision.id, respite_unit_id=unit.id, user_id=user.id,
                             day=day, created_at=now)
    db.session.add(entry)
    db.session.commit()
    return entry


def waiting_entries(decision: Decision) -> list[WaitingListEntry]:
    return list(db.session.scalars(select(WaitingListEntry).where(
        WaitingListEntry.decision_id == decision.id,
        WaitingListEntry.status.in_((WaitStatus.WAITING, WaitStatus.OFFERED)),
    ).order_by(WaitingListEntry.day)))


def offer_freed(unit: RespiteUnit, arrival: date, departure: date, *, now: datetime) -> None:
    """Offer the places that are free on these days to the first in line. Caller commits."""
    hours = current_app.config.get("RESPITE_OFFER_HOURS", 24)
    days = occupied_days(arrival, departure, unit.counts_nights) or [arrival]
    db.session.flush()
    taken = occupancy(unit, days[0], days[-1], now=now)
    for day in days:
        free = places_on(unit, day) - taken[day]
        while free > 0:
            entry = db.session.scalar(select(WaitingListEntry).where(
                WaitingListEntry.respite_unit_id == unit.id, WaitingListEntry.day == day,
                WaitingListEntry.status == WaitStatus.WAITING,
            ).order_by(WaitingListEntry.created_at, WaitingListEntry.id).limit(1))
            if entry is None:
                break
            entry.status = WaitStatus.OFFERED
            entry.offered_at = now
            entry.offer_expires_at = now + timedelta(hours=hours)
            _notify_offer(entry)
            free -= 1


def accept_offer(user: User, entry_id: int, *, now: datetime | None = None) -> Booking:
    now = now or utcnow()
    entry = db.session.get(WaitingListEntry, entry_id)
    if entry is None:
        raise NotFound(_("Not found."))
    decision_for_relative(user, entry.decision_id)
    if entry.status != WaitStatus.OFFERED or not entry.offer_expires_at or entry.offer_expires_at <= now:
        raise RespiteError(_("The offer is no longer open."))
    departure = entry.day + timedelta(days=1) if entry.respite_unit.counts_nights else entry.day
    booking = book(user, entry.decision_id, entry.respite_unit_id, entry.day, departure,
                   now=now, entry_id=entry.id)
    entry = db.session.get(WaitingListEntry, entry_id)
    entry.status = WaitStatus.ACCEPTED
    db.session.commit()
    return booking


def leave_waiting_list(user: User, entry_id: int, *, now: datetime | None = None) -> None:
    """Leave the list or turn an offer down; an open offer then passes to the next in line."""
    now = now or utcnow()
    entry = db.session.get(WaitingListEntry, entry_id)
    if entry is None:
        raise NotFound(_("Not found."))
    decision_for_relative(user, entry.decision_id)
    if entry.status in (WaitStatus.WAITING, WaitStatus.OFFERED):
        was_offered = entry.status == WaitStatus.OFFERED
        entry.status = WaitStatus.LEFT
        if was_offered:
            offer_freed(entry.respite_unit, entry.day, entry.day, now=now)
    db.session.commit()


def expire_offers(now: datetime | None = None) -> int:
    """Close offers whose time is up and pass each place on to the next in line."""
    now = now or utcnow()
    expired = list(db.session.scalars(select(WaitingListEntry).where(
        WaitingListEntry.status == WaitStatus.OFFERED, WaitingListEntry.offer_expires_at <= now,
    ).with_for_update(skip_locked=True)))
    for entry in expired:
        entry.status = WaitStatus.EXPIRED
    db.session.flush()
    for entry in expired:
        offer_freed(entry.respite_unit, entry.day, entry.day, now=now)
    db.session.commit()
    return len(expired)


# --- messages -----------------------------------------------------------------------------------

def _link(endpoint: str, **values: object) -> str:
    return url_for(endpoint, _external=True, **values) if has_request_context() else ""


def _notify(booking: Booking, event: str) -> None:
    """Tell the relatives and the unit. The unit's message holds no name: staff log in to see it."""
    decision = booking.decision
    from webapp.municipalities.services import get_by_id

    municipality = get_by_id(decision.municipality_id)
    link = _link("respite.decision", municipality=municipality.slug, decision_id=decision.id)
    for relative in decision.relatives:
        user = relative.user
        if user.is_active:
            queue_email(user.email, "respite_booking", user.locale or municipality.default_locale,
                        event=event, booking=booking, unit=booking.respite_unit,
                        person=decision.care_receiver.name, link=link)
    address = booking.respite_unit.email or booking.respite_unit.unit.email
    if address:
        queue_email(address, "respite_unit_booking", municipality.default_locale, event=event,
                    booking=booking, unit=booking.respite_unit,
                    link=_link("respite.unit_calendar", municipality=municipality.slug,
                               unit_id=booking.respite_unit_id))


def _notify_offer(entry: WaitingListEntry) -> None:
    user = entry.user
    if not user.is_active:
        return
    from webapp.municipalities.services import get_by_id

    municipality = get_by_id(entry.decision.municipality_id)
    queue_email(user.email, "respite_offer", user.locale or municipality.default_locale,
                entry=entry, unit=entry.respite_unit,
                link=_link("respite.decision", municipality=municipality.slug,
                           decision_id=entry.decision_id))



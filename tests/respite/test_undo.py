"""A booking made by mistake can be taken back free of charge within 15 minutes, even inside the
cancel deadline; after that a late cancel keeps the quota used. Booking inside the deadline is
known before it is confirmed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from tests.respite.conftest import at
from webapp.respite import services
from webapp.respite.models import BookingStatus
from webapp.respite.services import RespiteError

ARRIVAL, DEPARTURE = date(2026, 11, 10), date(2026, 11, 14)  # all 4 nights of the quota


@pytest.fixture(autouse=True)
def _english(ctx):
    with force_locale("en"):
        yield


def book_inside_the_deadline(setting, clock):
    municipality, unit, relative, decision = setting
    clock.set(at(date(2026, 11, 9), 8))  # 28 hours before arrival; the deadline is 48 hours
    assert services.books_late(decision, ARRIVAL)
    booking = services.book(relative, decision.id, unit.id, ARRIVAL, DEPARTURE)
    assert booking.created_at <= clock.now
    return booking


def test_taken_back_within_15_minutes_gives_the_whole_quota_back(setting, clock):
    municipality, unit, relative, decision = setting
    booking = book_inside_the_deadline(setting, clock)
    clock.set(booking.created_at + timedelta(minutes=14, seconds=59))
    assert services.can_undo(booking) and not services.late_if_cancelled(booking)
    services.cancel(relative, booking.id)
    assert booking.status == BookingStatus.CANCELLED and not booking.late_cancel
    # The quota is restored in full: the same 4 nights can be booked again.
    again = services.book(relative, decision.id, unit.id, date(2026, 11, 20), date(2026, 11, 24))
    assert again.status == BookingStatus.CONFIRMED


def test_after_15_minutes_a_cancel_inside_the_deadline_keeps_the_quota_used(setting, clock):
    municipality, unit, relative, decision = setting
    booking = book_inside_the_deadline(setting, clock)
    clock.set(booking.created_at + timedelta(minutes=15, seconds=1))
    assert not services.can_undo(booking) and services.late_if_cancelled(booking)
    services.cancel(relative, booking.id)
    assert booking.late_cancel
    with pytest.raises(RespiteError, match="only 0 of 4"):
        services.book(relative, decision.id, unit.id, date(2026, 11, 20), date(2026, 11, 24))


def test_booking_before_the_deadline_is_not_late(setting, clock):
    municipality, unit, relative, decision = setting
    clock.set(at(date(2026, 11, 2), 9))
    assert not services.books_late(decision, ARRIVAL)
    booking = services.book(relative, decision.id, unit.id, ARRIVAL, DEPARTURE)
    clock.shift(timedelta(days=1))  # long after the 15 minutes, still before the deadline
    assert not services.can_undo(booking) and not services.late_if_cancelled(booking)

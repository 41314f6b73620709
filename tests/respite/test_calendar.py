"""Respite rules that depend on the calendar, run at every awkward moment of tests/clock.py:
quota periods, the relative's journey, the waiting-list offer's 24 hours, re-confirmation two days
before and the reminder the day before, and school holidays. Services read the clock themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.factories import make_user
from tests.respite.conftest import make_decision
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.months import next_month
from webapp.respite import reconfirm, services
from webapp.respite.models import Booking, BookingStatus, SchoolHoliday, WaitStatus
from webapp.respite.overview import allowances, current_allowance
from webapp.respite.services import RespiteError

pytestmark = pytest.mark.calendar_sweep


def left_on(decision, day) -> int:
    [found] = allowances(decision, day, day)
    return found.left


def test_book_change_and_cancel_inside_a_rolling_period_that_starts_today(setting, clock):
    municipality, unit, relative, decision = setting
    decision.valid_from = clock.today  # periods of 28 days: today to today + 27
    db.session.commit()
    arrival = clock.today + timedelta(days=3)
    booking = services.book(relative, decision.id, unit.id, arrival, arrival + timedelta(days=2))
    assert booking.status == BookingStatus.CONFIRMED and left_on(decision, arrival) == 2
    [period] = [a.period for a in allowances(decision, arrival, arrival)]
    assert (period.start, period.last) == (clock.today, clock.today + timedelta(days=27))
    services.change(relative, booking.id, arrival, arrival + timedelta(days=1))
    assert left_on(decision, arrival) == 3
    services.cancel(relative, booking.id)
    assert booking.status == BookingStatus.CANCELLED and not booking.late_cancel
    assert left_on(decision, arrival) == 4
    with pytest.raises(RespiteError):  # yesterday has passed, in Oslo
        services.book(relative, decision.id, unit.id, clock.today - timedelta(days=1), clock.today)
    services.book(relative, decision.id, unit.id, clock.today, clock.today + timedelta(days=1))


def test_a_stay_across_the_turn_of_the_month_counts_in_both_months(setting, clock):
    municipality, unit, relative, decision = setting
    decision.period_kind = "month"
    db.session.commit()
    first_of_next = next_month(clock.today.replace(day=1))
    last_of_this = first_of_next - timedelta(days=1)
    services.book(relative, decision.id, unit.id, last_of_this, first_of_next + timedelta(days=1))
    assert left_on(decision, last_of_this) == 3 and left_on(decision, first_of_next) == 3
    with force_locale("nn"):
        month = current_allowance(decision, clock.today)
    assert str(clock.today.year) in month and "3 av 4" in month


def test_an_offer_from_the_waiting_list_holds_the_place_for_24_hours(setting, clock):
    municipality, unit, relative, decision = setting
    unit.capacities[0].places = 1
    db.session.commit()
    day = clock.today + timedelta(days=2)
    first = services.book(relative, decision.id, unit.id, day, day + timedelta(days=1))
    waiting = [make_user(roles=(Role.RELATIVE,), municipality=municipality) for _ in range(2)]
    entries = []
    for user in waiting:
        entries.append(services.join_waiting_list(user, make_decision(municipality, [unit], [user]).id, unit.id, day))
        clock.shift(timedelta(minutes=1))
    services.cancel(relative, first.id)
    assert [e.status for e in entries] == [WaitStatus.OFFERED, WaitStatus.WAITING]
    offered_at = entries[0].offer_expires_at - timedelta(hours=24)
    assert clock.now - timedelta(minutes=1) < offered_at <= clock.now
    assert services.expire_offers(now=clock.now + timedelta(hours=23)) == 0
    clock.shift(timedelta(hours=24, minutes=1))
    assert services.expire_offers() == 1
    assert [e.status for e in entries] == [WaitStatus.EXPIRED, WaitStatus.OFFERED]
    booking = services.accept_offer(waiting[1], entries[1].id)
    assert booking.arrival == day and entries[1].status == WaitStatus.ACCEPTED


def test_re_confirmation_two_days_before_and_reminder_the_day_before(setting, clock):
    municipality, unit, relative, decision = setting
    stays = {
        ahead: services.book(
            relative, decision.id, unit.id, clock.today + timedelta(days=ahead), clock.today + timedelta(days=ahead + 1)
        )
        for ahead in (1, 2, 3)
    }
    found = {item.key.split(":")[0]: item for item in reconfirm.due(clock.now)}
    assert set(found) == {"respite-reconfirm", "respite-reminder"}
    assert found["respite-reconfirm"].context["booking"].id == stays[2].id
    assert found["respite-reminder"].context["booking"].id == stays[1].id


def test_school_holidays_and_public_holidays_are_days_in_oslo(setting, clock):
    municipality, unit, relative, decision = setting
    db.session.add(
        SchoolHoliday(
            municipality_id=municipality.id, name="Haustferie", start=clock.today, end=clock.today + timedelta(days=4)
        )
    )
    decision.holiday_cap, decision.valid_from = 1, clock.today  # at most 1 night in holidays a period
    db.session.commit()
    found = services.holiday_days(municipality.id, clock.today, clock.today + timedelta(days=400))
    assert all(found[clock.today + timedelta(days=n)] for n in range(5))
    christmas = [day for day, name in found.items() if name == "Første juledag"]
    assert christmas and christmas[0].month == 12 and christmas[0].day == 25
    with force_locale("en"), pytest.raises(RespiteError, match="in holidays"):
        services.book(relative, decision.id, unit.id, clock.today, clock.today + timedelta(days=2))
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Booking)) == 0

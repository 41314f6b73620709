"""Offer rules that depend on the calendar, run at every awkward moment of tests/clock.py: the
reminder the day before a session, and the next sessions of a weekly offer in Oslo time."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from tests.offers.conftest import make_offer
from webapp.clock import OSLO, local_datetime
from webapp.extensions import db
from webapp.offers.models import SignUp
from webapp.offers.reminders import due
from webapp.offers.services import next_sessions

pytestmark = pytest.mark.calendar_sweep
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def test_the_reminder_names_tomorrows_session_at_its_local_time(ctx, municipalities, clock):
    offer = make_offer(
        municipalities["oystre-slidre"],
        days=DAYS,
        at=time(10),
        until=time(11),
        dtstart=clock.today - timedelta(days=20),
        skip_public_holidays=False,
    )
    db.session.add(
        SignUp(offer_id=offer.id, name="Sigrid", email="sigrid@example.no", phone="", locale="nn", status="confirmed")
    )
    db.session.commit()
    [reminder] = list(due(clock.now))
    assert reminder.context["starts_at"] == local_datetime(clock.today + timedelta(days=1), time(10))


def test_the_next_sessions_keep_their_local_time_across_a_clock_change(ctx, municipalities, clock):
    offer = make_offer(
        municipalities["oystre-slidre"],
        days=DAYS,
        at=time(10),
        until=time(11),
        dtstart=clock.today - timedelta(days=20),
        skip_public_holidays=False,
    )
    found = next_sessions(offer, limit=10)
    local = [o.starts_at.astimezone(OSLO) for o in found]
    assert all(t.hour == 10 and t.minute == 0 for t in local)
    first = clock.today if clock.now.astimezone(OSLO).time() < time(10) else clock.today + timedelta(days=1)
    assert [t.date() for t in local] == [first + timedelta(days=n) for n in range(10)]

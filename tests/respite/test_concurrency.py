"""Parallel bookings never double-book, never exceed capacity, never exceed the quota.
Each thread has its own app context (its own session and connection), as requests do."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from tests.factories import make_municipality, make_user
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts.models import Role, User
from webapp.clock import today as oslo_today
from webapp.extensions import db
from webapp.respite import services
from webapp.respite.models import ACTIVE_BOOKING, Booking
from webapp.respite.services import RespiteError


def run_parallel(app, jobs) -> tuple[list, list]:
    """Run (user_id, decision_id, unit_id, arrival, departure) bookings at once."""
    barrier = threading.Barrier(len(jobs))
    done, refused, errors = [], [], []

    def worker(job):
        user_id, decision_id, unit_id, arrival, departure = job
        with app.test_request_context("/"):  # its own app context, as a request has
            user = db.session.get(User, user_id)
            db.session.expunge(user)
            db.session.close()  # give the connection back: the pool is smaller than the crowd
            try:
                barrier.wait(timeout=60)
                done.append(services.book(user, decision_id, unit_id, arrival, departure).id)
            except RespiteError:
                refused.append(job)
            except Exception as exc:  # anything else is a failure of the test
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return done, refused


def test_fifty_parallel_bookings_for_three_places(app, ctx):
    municipality = make_municipality()
    unit = make_respite_unit(municipality, places=3)
    arrival = oslo_today() + timedelta(days=5)
    jobs = []
    for _n in range(50):
        user = make_user(roles=(Role.RELATIVE,), municipality=municipality)
        decision = make_decision(municipality, [unit], [user])
        jobs.append((user.id, decision.id, unit.id, arrival, arrival + timedelta(days=1)))
    done, refused = run_parallel(app, jobs)
    assert len(done) == 3 and len(refused) == 47
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Booking).where(Booking.status.in_(ACTIVE_BOOKING))) == 3


def test_two_relatives_of_one_person_never_exceed_the_quota(app, ctx):
    municipality = make_municipality()
    unit = make_respite_unit(municipality, places=10)
    first, second = (make_user(roles=(Role.RELATIVE,), municipality=municipality) for _ in range(2))
    start = oslo_today()
    decision = make_decision(
        municipality, [unit], [first, second], valid_from=start, period_kind="rolling", period_days=28, quota_amount=4
    )
    jobs = [
        (
            (first if n % 2 else second).id,
            decision.id,
            unit.id,
            start + timedelta(days=n + 1),
            start + timedelta(days=n + 2),
        )
        for n in range(20)
    ]
    done, refused = run_parallel(app, jobs)
    assert len(done) == 4 and len(refused) == 16
    db.session.expire_all()
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(Booking.decision_id == decision.id, Booking.status.in_(ACTIVE_BOOKING))
        )
        == 4
    )

"""Every count of the start pages on hand-built data, with the boundaries that matter."""

from __future__ import annotations

from datetime import time, timedelta

from tests.factories import make_user
from tests.respite.conftest import make_decision, make_respite_unit
from tests.volunteers.conftest import make_task, make_volunteer
from tests.workspace.conftest import make_booking, make_signup, today, weekly_offer
from webapp.accounts.models import Role
from webapp.clock import local_datetime
from webapp.database import utcnow
from webapp.extensions import db
from webapp.offers import workspace_queries as offer_queries
from webapp.offers.models import OfferSession
from webapp.respite import workspace_queries as respite_queries
from webapp.respite.models import Application, BookingStatus, DecisionStatus
from webapp.volunteers import workspace_queries as volunteer_queries
from webapp.volunteers.models import (
    Assignment,
    AssignmentState,
    HourLog,
    Interest,
    TaskStatus,
    VolunteerStatus,
)
from webapp.workspace import services


def _items(role, user, m):
    return {item.key: item.count for item in services.counts(role, user, m, utcnow())}


def test_decisions_expiring_in_exactly_30_days_count_and_31_do_not(world):
    m, unit, day = world.m, world.unit, today()
    in_30 = make_decision(m, [unit], valid_to=day + timedelta(days=30))
    make_decision(m, [unit], valid_to=day + timedelta(days=31))
    soonest = make_decision(m, [unit], valid_to=day)
    make_decision(m, [unit], valid_to=day - timedelta(days=1))
    make_decision(m, [unit], valid_to=day + timedelta(days=3), status=DecisionStatus.ENDED)
    make_decision(world.other, [make_respite_unit(world.other)], valid_to=day + timedelta(days=2))

    rows = respite_queries.decisions_expiring(m.id, day)
    assert [r.decision_id for r in rows] == [soonest.id, in_30.id]
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m)
    assert _items(Role.ALLOCATION_OFFICER, officer, m)["expiring"] == 2


def test_officer_counts_applications_bookings_to_approve_and_flagged(world):
    m, unit, decision, day = world.m, world.unit, world.decision, today()
    make_booking(decision, unit, day + timedelta(days=5), day + timedelta(days=7), BookingStatus.PENDING)
    make_booking(decision, unit, day + timedelta(days=9), day + timedelta(days=10), flagged=True)
    make_booking(decision, unit, day + timedelta(days=12), day + timedelta(days=13), BookingStatus.DECLINED)
    for n, status in enumerate(("received", "in_review", "granted")):
        db.session.add(
            Application(
                municipality_id=m.id,
                receiver_name=f"P{n}",
                receiver_birth_year=1940,
                relation="son",
                kind_wanted="institution",
                consent="self",
                status=status,
                created_at=utcnow() - timedelta(days=10 - n),
            )
        )
    db.session.commit()
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m)

    counts = _items(Role.ALLOCATION_OFFICER, officer, m)
    assert (counts["applications"], counts["bookings"], counts["flagged"]) == (2, 1, 1)
    oldest = respite_queries.oldest_applications(m.id)
    assert len(oldest) == 2 and oldest[0].received_at < oldest[1].received_at


def test_unit_staff_see_todays_arrivals_and_departures_of_their_own_units_only(world):
    m, unit, decision, day = world.m, world.unit, world.decision, today()
    make_booking(decision, unit, day, day + timedelta(days=2))
    make_booking(decision, unit, day - timedelta(days=2), day)
    make_booking(decision, unit, day, day + timedelta(days=1), BookingStatus.CANCELLED)
    make_booking(decision, unit, day + timedelta(days=4), day + timedelta(days=5), BookingStatus.PENDING)
    elsewhere = make_respite_unit(m, name="Ikkje min eining")
    make_booking(make_decision(m, [elsewhere]), elsewhere, day, day + timedelta(days=1))

    [row] = respite_queries.units_today(world.staff.id, m.id, day)
    assert (row.unit_name, row.arrivals, row.departures, row.to_approve) == ("Gimle test", 1, 1, 1)
    assert respite_queries.units_today(world.staff.id, world.other.id, day) == []
    counts = _items(Role.UNIT_STAFF, world.staff, m)
    assert (counts["arrivals"], counts["departures"], counts["unit_bookings"]) == (1, 1, 1)


def test_coordinator_counts_and_the_interest_waiting_longest_first(world):
    m, now = world.m, utcnow()
    first = make_volunteer(m, status=VolunteerStatus.PENDING, approved_at=None)
    second = make_volunteer(m, status=VolunteerStatus.ONBOARDING, approved_at=None)
    approved = make_volunteer(m)
    make_volunteer(m, status=VolunteerStatus.LEFT)
    make_volunteer(world.other, status=VolunteerStatus.PENDING)
    newer = Interest(volunteer_id=approved.id, role_code="escort", created_at=now - timedelta(days=1))
    older = Interest(volunteer_id=approved.id, role_code="visit", created_at=now - timedelta(days=6))
    answered = Interest(
        volunteer_id=approved.id, role_code="driver", created_at=now - timedelta(days=9), answered_at=now, answer="yes"
    )
    db.session.add_all([newer, older, answered])
    task = make_task(m)
    db.session.add_all(
        [
            HourLog(volunteer_id=approved.id, task_id=task.id, day=today(), minutes=60),
            HourLog(volunteer_id=approved.id, task_id=task.id, day=today(), minutes=60, status="approved"),
        ]
    )
    db.session.commit()

    work = volunteer_queries.workload(m.id, today())
    assert (work.to_onboard, work.interest_waiting, work.hours_to_approve) == (2, 2, 1)
    assert [i.interest_id for i in volunteer_queries.longest_waiting_interest(m.id)] == [older.id, newer.id]
    assert [v.volunteer_id for v in volunteer_queries.waiting_to_onboard(m.id)] == [first.id, second.id]


def test_tasks_this_week_without_an_accepted_volunteer(world):
    m, day = world.m, today()
    monday = day - timedelta(days=day.weekday())
    in_week = [local_datetime(monday, time(9)), local_datetime(monday + timedelta(days=6), time(20))]
    lonely = make_task(m, starts_at=in_week[0])
    asked = make_task(m, starts_at=in_week[1])
    taken = make_task(m, starts_at=in_week[1])
    make_task(m, starts_at=local_datetime(monday + timedelta(days=7), time(9)))  # next week
    make_task(m, starts_at=local_datetime(monday - timedelta(days=1), time(23)))  # last Sunday
    filled = make_task(m, starts_at=in_week[0])
    filled.status = TaskStatus.FILLED
    volunteer = make_volunteer(m)
    db.session.add_all(
        [
            Assignment(task_id=asked.id, volunteer_id=volunteer.id, state=AssignmentState.PROPOSED),
            Assignment(task_id=taken.id, volunteer_id=volunteer.id, state=AssignmentState.ACCEPTED),
        ]
    )
    db.session.commit()

    assert volunteer_queries.workload(m.id, day).tasks_unmatched == 2  # lonely and asked
    assert [t.task_id for t in volunteer_queries.unmatched_tasks(m.id, day)] == [lonely.id, asked.id]
    db.session.add(Assignment(task_id=lonely.id, volunteer_id=volunteer.id, state=AssignmentState.CONFIRMED))
    db.session.commit()
    assert volunteer_queries.workload(m.id, day).tasks_unmatched == 1


def test_drafts_missing_a_standard_and_offers_with_a_waiting_list(world):
    m, now = world.m, utcnow()
    draft = weekly_offer(m, published=False, title_nn="", description_nn="  ")
    weekly_offer(m, published=False)  # a complete draft
    weekly_offer(world.other, published=False, title_nb="")
    full = weekly_offer(m, capacity=1)
    make_signup(full, "Anne")
    make_signup(full, "Berit", status="waiting")
    make_signup(full, "Cato", status="waiting")
    past = weekly_offer(m, capacity=1)
    gone = OfferSession(offer_id=past.id, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2))
    db.session.add(gone)
    db.session.commit()
    make_signup(past, "Dag", status="waiting", session_id=gone.id)
    make_signup(past, "Eli", status="cancelled")

    assert offer_queries.count_drafts_missing_standard(m.id) == 1
    [row] = offer_queries.drafts_missing_standard(m.id)
    assert row.offer_id == draft.id and set(row.missing) == {"title_nn", "description_nn"}
    assert offer_queries.count_offers_with_waiting_list(m.id, now) == 1
    [waiting] = offer_queries.offers_with_waiting_list(m.id, now)
    assert (waiting.offer_id, waiting.waiting, waiting.capacity) == (full.id, 2, 1)


def test_roles_in_a_municipality_and_the_administrator(world):
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, world.m), (Role.EDITOR, world.other)))
    admin = make_user(roles=(Role.ADMINISTRATOR,))
    assert services.roles_in(coordinator, world.m) == [Role.VOLUNTEER_COORDINATOR]
    assert services.roles_in(coordinator, world.other) == [Role.EDITOR]
    assert services.roles_in(admin, world.m) == list(services.STAFF_ROLES)
    assert [m.id for m in services.workspace_municipalities(coordinator)] == sorted([world.m.id, world.other.id])
    assert services.staff_role("citizen") is None

"""Tasks open to claim and substitutes: the ranking's hard rules decide who may take a task, the
coordinators are told, and a volunteer who cannot come keeps the task until someone takes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.clock import today
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.volunteers import claims
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import (
    Assignment,
    AssignmentState,
    AvailabilityException,
    TaskStatus,
    VolunteerStatus,
)


def open_task(municipality, **overrides):
    task = make_task(municipality, **overrides)
    claims.set_open_to_claim(task, True)
    return task


def outbox_to(email: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)))


def test_only_tasks_open_to_claim_are_listed(ctx, oystre):
    volunteer = make_volunteer(oystre)
    closed = make_task(oystre, title="Ikkje open")
    opened = open_task(oystre, title="Open for å ta")
    assert claims.claimable_tasks(volunteer) == [opened]
    claims.set_open_to_claim(opened, False)
    assert claims.claimable_tasks(volunteer) == []
    assert not closed.open_to_claim


@pytest.mark.parametrize(
    ("task_needs", "volunteer_has"),
    [
        ({"needs_car": True}, {"has_car": False}),
        ({"needs_politiattest": True}, {"politiattest_seen_on": None}),
        ({"language": "en", "language_required": True}, {"languages": ["nb"]}),
        ({}, {"status": VolunteerStatus.PAUSED}),
    ],
)
def test_the_rankings_hard_rules_decide_who_may_claim(ctx, oystre, task_needs, volunteer_has):
    task = open_task(oystre, **task_needs)
    fit = make_volunteer(oystre, politiattest_seen_on=today(), languages=["nb", "en"])
    unfit = make_volunteer(oystre, **volunteer_has)
    assert claims.claimable_tasks(fit) == [task]
    assert claims.claimable_tasks(unfit) == []
    with pytest.raises(VolunteerError):
        claims.claim(unfit, task)
    assert task.status == TaskStatus.OPEN


def test_an_expired_politiattest_does_not_count(ctx, oystre):
    open_task(oystre, needs_politiattest=True)
    expired = make_volunteer(oystre, politiattest_seen_on=today() - timedelta(days=20 * 365))
    assert claims.claimable_tasks(expired) == []


def test_not_away_and_never_two_places_at_once(ctx, oystre):
    task = open_task(oystre)
    away = make_volunteer(oystre)
    day = today(task.starts_at)
    away.exceptions.append(AvailabilityException(start_date=day, end_date=day))
    db.session.commit()
    assert claims.claimable_tasks(away) == []

    busy = make_volunteer(oystre)
    other = make_task(oystre, title="Same tid", starts_at=task.starts_at + timedelta(minutes=30))
    db.session.add(Assignment(task_id=other.id, volunteer_id=busy.id, state=AssignmentState.ACCEPTED))
    other.status = TaskStatus.FILLED
    db.session.commit()
    assert claims.claimable_tasks(busy) == []
    with pytest.raises(VolunteerError):
        claims.claim(busy, task)


def test_a_task_that_is_over_or_asked_for_cannot_be_claimed(ctx, oystre, clock):
    volunteer = make_volunteer(oystre)
    asked = open_task(oystre, title="Spurt")
    db.session.add(Assignment(task_id=asked.id, volunteer_id=make_volunteer(oystre).id, state="proposed"))
    db.session.commit()
    past = open_task(oystre, title="Før")
    assert claims.claimable_tasks(volunteer) == [past]
    clock.shift(timedelta(days=8))
    assert claims.claimable_tasks(volunteer) == []
    with pytest.raises(VolunteerError):
        claims.claim(volunteer, asked)


def test_claim_takes_the_task_and_tells_the_coordinators(ctx, oystre, toten, coordinator):
    other_centre = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten, locale="nb")
    volunteer = make_volunteer(oystre)
    task = open_task(oystre)
    assignment = claims.claim(volunteer, task)
    assert assignment.state == AssignmentState.ACCEPTED and assignment.volunteer_id == volunteer.id
    assert task.status == TaskStatus.FILLED
    told = outbox_to(coordinator.email)
    assert len(told) == 1 and volunteer.user.name in told[0].subject
    assert f"/coordinator/tasks/{task.id}" in told[0].body
    assert outbox_to(other_centre.email) == []
    # Taken: nobody else sees it or takes it, and the kind message says so.
    second = make_volunteer(oystre)
    assert claims.claimable_tasks(second) == []
    with pytest.raises(VolunteerError, match="Takk for at du ville hjelpe"):
        claims.claim(second, task)


def test_another_municipalitys_volunteer_cannot_claim(ctx, oystre, toten):
    task = open_task(oystre)
    stranger = make_volunteer(toten)
    assert claims.claimable_tasks(stranger) == []
    with pytest.raises(VolunteerError):
        claims.claim(stranger, task)


def taken(oystre, volunteer, **overrides):
    task = make_task(oystre, **overrides)
    assignment = Assignment(task_id=task.id, volunteer_id=volunteer.id, state=AssignmentState.CONFIRMED)
    db.session.add(assignment)
    task.status = TaskStatus.FILLED
    db.session.commit()
    return assignment


def test_seeking_a_substitute_keeps_the_task_and_asks_the_best_three(ctx, oystre, coordinator):
    first = make_volunteer(oystre)
    assignment = taken(oystre, first)
    others = [make_volunteer(oystre) for _ in range(4)]
    unfit = make_volunteer(oystre, status=VolunteerStatus.PAUSED)
    asked = claims.seek_substitute(assignment)
    assert len(asked) == claims.SUBSTITUTES_ASKED and set(asked) <= set(others)
    # Still responsible: the assignment stays, marked; the task stays taken and opens to claim.
    db.session.refresh(assignment)
    assert assignment.state == AssignmentState.CONFIRMED and assignment.seeks_substitute
    task = assignment.task
    assert task.status == TaskStatus.FILLED and task.open_to_claim
    for volunteer in asked:
        message = outbox_to(volunteer.user.email)
        assert len(message) == 1 and "/oystre-slidre/volunteer/me/claim" in message[0].body
    assert outbox_to(unfit.user.email) == []
    # Open for the others (also those not asked), never for the first volunteer.
    assert claims.claimable_tasks(others[3]) == [task]
    assert claims.claimable_tasks(first) == []
    with pytest.raises(VolunteerError):
        claims.seek_substitute(assignment)


def test_the_first_to_take_it_releases_the_volunteer_and_all_are_told(ctx, oystre, coordinator):
    first = make_volunteer(oystre)
    assignment = taken(oystre, first)
    substitute, late = make_volunteer(oystre), make_volunteer(oystre)
    claims.seek_substitute(assignment)
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    new = claims.claim(substitute, assignment.task)
    db.session.refresh(assignment)
    assert assignment.state == AssignmentState.DECLINED and assignment.released_at is not None
    assert new.state == AssignmentState.ACCEPTED and assignment.task.status == TaskStatus.FILLED
    assert [a.volunteer_id for a in assignment.task.assignments if a.is_active] == [substitute.id]
    assert len(outbox_to(first.user.email)) == 1
    assert len(outbox_to(substitute.user.email)) == 1
    to_coordinator = outbox_to(coordinator.email)
    assert len(to_coordinator) == 1 and first.user.name in to_coordinator[0].body
    with pytest.raises(VolunteerError):
        claims.claim(late, assignment.task)


def test_substitute_only_for_a_coming_task_one_has(ctx, oystre, clock):
    volunteer = make_volunteer(oystre)
    assignment = taken(oystre, volunteer)
    clock.shift(timedelta(days=8))
    with pytest.raises(VolunteerError):
        claims.seek_substitute(assignment)
    proposed = Assignment(task_id=make_task(oystre).id, volunteer_id=volunteer.id, state=AssignmentState.PROPOSED)
    db.session.add(proposed)
    db.session.commit()
    with pytest.raises(VolunteerError):
        claims.seek_substitute(proposed)

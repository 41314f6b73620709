"""Rules of sign-up, onboarding, proposals, answers, escort requests, reminders, hours and stats."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.factories import make_user
from tests.volunteers.conftest import make_place, make_task, make_volunteer, next_weekday
from webapp.accounts.models import Role
from webapp.clock import local
from webapp.clock import today as oslo_today
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.offers.signals import EscortRequest, escort_requested
from webapp.volunteers import figures, hours, interests, proposals, services, tasks
from webapp.volunteers.models import (
    AssignmentState,
    AvailabilityException,
    HourLog,
    HourStatus,
    Interest,
    Task,
    TaskStatus,
    VolunteerStatus,
)


@pytest.fixture(autouse=True)
def english(ctx):
    """Messages in their English source form, so the assertions read the rule, not a translation."""
    with force_locale("en"):
        yield


def signup(**overrides) -> services.SignUp:
    values = dict(
        roles=["escort"],
        skills="",
        languages=["nb"],
        place_id=None,
        max_travel_km=10,
        has_car=False,
        has_licence=False,
        wants="both",
        birth_year=1980,
        consent=True,
        slots=[services.Slot(1, 8 * 60, 12 * 60)],
    )
    values.update(overrides)
    return services.SignUp(**values)


def test_sign_up_creates_a_pending_volunteer_with_consent_time_and_role(oystre, clock):
    user = make_user(municipality=oystre)
    away = (clock.today + timedelta(days=30), clock.today + timedelta(days=49))
    volunteer = services.sign_up(user, oystre, signup(away=[away]))
    assert volunteer.status == VolunteerStatus.PENDING
    assert volunteer.consent_at is not None and volunteer.unit.kind == "volunteer_centre"
    assert volunteer.slots[0].weekday == 1 and volunteer.exceptions[0].end_date == away[1]
    assert user.has_role(Role.VOLUNTEER, oystre)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"birth_year": utcnow().year - 14}, "15"),
        ({"birth_year": utcnow().year - 16}, "18"),
        ({"consent": False}, "consent"),
        ({"roles": []}, "at least one"),
        ({"roles": ["nonsense"]}, "valid"),
        ({"slots": [services.Slot(1, 600, 500)]}, "end after"),
    ],
)
def test_sign_up_rules(oystre, overrides, message):
    with pytest.raises(services.VolunteerError, match=message):
        services.sign_up(make_user(municipality=oystre), oystre, signup(**overrides))


def test_under_18_with_guardian_consent_is_accepted(oystre):
    volunteer = services.sign_up(
        make_user(municipality=oystre),
        oystre,
        signup(birth_year=utcnow().year - 16, guardian_name="Mor", guardian_consent=True),
    )
    assert volunteer.guardian_consent_at is not None and volunteer.guardian_name == "Mor"


def test_a_place_of_another_municipality_is_refused(oystre, toten):
    place = make_place(toten, "Raufoss")
    with pytest.raises(services.VolunteerError):
        services.sign_up(make_user(), oystre, signup(place_id=place.id))


def test_onboarding_steps_then_approval(oystre, coordinator, clock):
    volunteer = services.sign_up(make_user(municipality=oystre), oystre, signup())
    with pytest.raises(services.VolunteerError, match="talk"):
        services.approve(volunteer, coordinator)
    services.record_intro(volunteer, coordinator, clock.today)
    assert volunteer.status == VolunteerStatus.ONBOARDING
    with pytest.raises(services.VolunteerError, match="declaration"):
        services.approve(volunteer, coordinator)
    services.sign_declaration(volunteer)
    assert volunteer.declaration_version == services.DECLARATION_VERSION
    services.record_politiattest(volunteer, coordinator, clock.today)
    assert volunteer.politiattest_seen_by_id == coordinator.id
    services.approve(volunteer, coordinator)
    assert volunteer.status == VolunteerStatus.APPROVED
    services.pause(volunteer)
    services.resume(volunteer)
    assert volunteer.status == VolunteerStatus.APPROVED
    services.leave(volunteer)
    assert volunteer.status == VolunteerStatus.LEFT and volunteer.approved_at is None


def test_export_has_the_volunteer_data(oystre):
    user = make_user(municipality=oystre)
    services.sign_up(user, oystre, signup(skills="Strikkar"))
    data = services.export(user)
    assert data["volunteer"][0]["skills"] == "Strikkar"
    assert data["volunteer"][0]["availability"] == [{"weekday": 1, "start_minute": 480, "end_minute": 720}]


def test_ranking_uses_the_database_and_hard_requirements(oystre):
    heggenes = make_place(oystre)
    beito = make_place(oystre, "Beitostølen", 61.247, 8.910)
    near = make_volunteer(oystre, place_id=heggenes.id)
    far = make_volunteer(oystre, place_id=beito.id)
    make_volunteer(oystre, status=VolunteerStatus.PENDING, approved_at=None)
    make_volunteer(oystre, has_car=False)
    task = make_task(oystre, place_id=heggenes.id, needs_car=True)
    ranked = tasks.candidates(task)
    assert [c.volunteer.id for c in ranked] == [near.id, far.id]
    assert ranked[0].points["distance"] > ranked[1].points["distance"]


def test_politiattest_task_never_gets_a_volunteer_without_one(oystre, coordinator):
    make_volunteer(oystre)
    with_attest = make_volunteer(oystre, politiattest_seen_on=date(2026, 1, 5))
    task = make_task(oystre, role_code="group_companion")  # the role demands it
    assert task.needs_politiattest
    assert [c.volunteer.id for c in tasks.candidates(task)] == [with_attest.id]
    others = [v for v in services.volunteers_of(oystre) if v.id != with_attest.id]
    with pytest.raises(services.VolunteerError, match="requirements"):
        proposals.propose(task, others[0])


def test_load_and_continuity_from_the_database(oystre):
    busy, fresh = make_volunteer(oystre), make_volunteer(oystre)
    earlier = make_task(oystre, title="Før", starts_at=next_weekday(0))  # not at the same time
    db.session.add(
        HourLog(
            volunteer_id=busy.id,
            task_id=earlier.id,
            day=oslo_today(),
            minutes=16 * 60,
            status=HourStatus.APPROVED,
        )
    )
    db.session.commit()
    task = make_task(oystre)
    by_id = {c.volunteer.id: c for c in tasks.candidates(task)}
    assert by_id[busy.id].points["load"] == 0 and by_id[fresh.id].points["load"] == 10
    # fresh helped the same person (same name and phone) before: continuity.
    proposals.propose(earlier, fresh)
    proposals.answer(_link(fresh, "yes"))
    task = db.session.get(Task, task.id)
    assert {c.volunteer.id: c for c in tasks.candidates(task)}[fresh.id].points["continuity"] == 10


def _link(volunteer, choice: str) -> str:
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == volunteer.user.email).order_by(OutboxMessage.id.desc())
    ).first()
    marker = "/volunteer/answer/"
    links = [line.strip() for line in message.body.splitlines() if marker in line]
    token = links[0 if choice == "yes" else 1].split(marker)[1]
    return token


def test_propose_sends_signed_links_that_work_once(oystre):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    proposals.propose(task, volunteer)
    token = _link(volunteer, "yes")
    assignment = proposals.answer(token)
    assert assignment.state == AssignmentState.ACCEPTED and task.status == TaskStatus.FILLED
    with pytest.raises(services.VolunteerError, match="used"):
        proposals.answer(token)
    with pytest.raises(services.VolunteerError, match="already answered"):
        proposals.answer(_link(volunteer, "no"))
    with pytest.raises(services.VolunteerError, match="not valid"):
        proposals.answer(token[:-3] + "abc")


def test_decline_proposes_the_next_candidate(oystre):
    first = make_volunteer(oystre)
    second = make_volunteer(oystre)
    task = make_task(oystre)
    best = tasks.candidates(task)
    assert [c.volunteer.id for c in best] == [first.id, second.id]
    proposals.propose(task, first)
    with pytest.raises(services.VolunteerError, match="already been asked"):
        proposals.propose(task, second)
    proposals.answer(_link(first, "no"))
    states = {a.volunteer_id: a.state for a in db.session.get(Task, task.id).assignments}
    assert states == {first.id: AssignmentState.DECLINED, second.id: AssignmentState.PROPOSED}
    assert _link(second, "yes")
    assert tasks.candidates(db.session.get(Task, task.id)) == []


def test_batch_creates_drafts_within_capacity_and_sending_them_proposes(oystre):
    one = make_volunteer(oystre, tasks_per_week=1)
    two = make_volunteer(oystre, tasks_per_week=1, roles=["visiting_friend"])
    first = make_task(oystre, starts_at=next_weekday(1, time(9)))
    second = make_task(oystre, starts_at=first.starts_at + timedelta(days=1), title="Andre")
    monday = proposals.monday_of(local(first.starts_at).date())
    drafts = proposals.batch_propose(oystre, monday)
    assert len(drafts) == 2 and {d.volunteer_id for d in drafts} == {one.id, two.id}
    assert all(d.state == AssignmentState.DRAFT for d in drafts)
    sent = proposals.send_draft(drafts[0])
    assert sent.state == AssignmentState.PROPOSED
    proposals.reject_draft(drafts[1])
    assert proposals.drafts(oystre) == []
    assert {t.id for t in proposals.week_tasks(oystre, monday)} == {second.id}


def test_escort_request_becomes_a_task_in_the_same_transaction(oystre):
    starts = next_weekday(1)
    request = EscortRequest(
        request_id=77,
        municipality_id=oystre.id,
        offer_title="Sittedans",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="Øystre Slidre helsetun",
        person_name="Ragnhild",
        person_phone="41234567",
        note="Brukar rullator",
        needs_transport=True,
    )
    escort_requested.send(None, request=request)
    escort_requested.send(None, request=request)  # sent twice: still one task
    db.session.commit()
    task = db.session.scalar(select(Task).where(Task.escort_request_id == 77))
    assert task.role_code == "escort" and task.needs_car and task.offer_ref == "offers:77"
    assert db.session.scalar(select(db.func.count()).select_from(Task)) == 1


def test_escort_request_is_rolled_back_with_the_sign_up(oystre):
    starts = next_weekday(1)
    escort_requested.send(
        None,
        request=EscortRequest(
            request_id=78,
            municipality_id=oystre.id,
            offer_title="Kafé",
            starts_at=starts,
            ends_at=None,
            place="Heggenes",
            person_name="Per",
            person_phone="",
            note="",
            needs_transport=False,
        ),
    )
    db.session.rollback()
    assert db.session.scalar(select(Task).where(Task.escort_request_id == 78)) is None


def test_working_days_skip_weekends_and_norwegian_holidays():
    # Wednesday 1 April 2026, before Easter: Thu 2, Fri 3 and Mon 6 April are holidays.
    created = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    assert local(interests.add_working_days(created, 3)).date() == date(2026, 4, 9)
    # An ordinary Friday: Monday, Tuesday, Wednesday.
    friday = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert local(interests.add_working_days(friday, 3)).date() == date(2026, 11, 25)


def test_reminder_after_three_working_days_once(oystre, coordinator):
    volunteer = make_volunteer(oystre)
    interest = interests.express_interest(volunteer, role_code="escort")
    interest.created_at = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    db.session.commit()
    assert interests.send_reminders(datetime(2026, 4, 8, 12, 0, tzinfo=UTC)) == 0
    assert interests.send_reminders(datetime(2026, 4, 9, 8, 30, tzinfo=UTC)) == 1
    assert interests.send_reminders(datetime(2026, 4, 20, 8, 0, tzinfo=UTC)) == 0
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == coordinator.email)).all()
    assert len(mails) == 1 and volunteer.user.name in mails[0].body
    assert db.session.get(Interest, interest.id).reminded_at is not None


def test_answered_interest_is_never_reminded_and_a_yes_gives_the_task(oystre, coordinator):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    interest = interests.express_interest(volunteer, task_id=task.id)
    assert interests.express_interest(volunteer, task_id=task.id).id == interest.id
    interests.answer_interest(interest, yes=True)
    assert task.status == TaskStatus.FILLED and task.assignments[0].state == AssignmentState.CONFIRMED
    assert interests.send_reminders(utcnow() + timedelta(days=30)) == 0
    with pytest.raises(services.VolunteerError):
        interests.answer_interest(interest, yes=False)


def test_hours_only_for_own_taken_tasks_and_stats(oystre, coordinator):
    volunteer, other = make_volunteer(oystre), make_volunteer(oystre)
    task = make_task(oystre)
    today = oslo_today()
    with pytest.raises(services.VolunteerError, match="taken"):
        hours.log_hours(volunteer, task.id, today, 2)
    proposals.propose(task, volunteer)
    proposals.answer(_link(volunteer, "yes"))
    with pytest.raises(services.VolunteerError, match="taken"):
        hours.log_hours(other, task.id, today, 2)
    with pytest.raises(services.VolunteerError, match="future"):
        hours.log_hours(volunteer, task.id, today + timedelta(days=1), 2)
    with pytest.raises(services.VolunteerError):
        hours.log_hours(volunteer, task.id, today, 30)
    log = hours.log_hours(volunteer, task.id, today, 2)
    interest = interests.express_interest(volunteer, role_code="driver")
    interest.created_at = utcnow() - timedelta(hours=5)
    interests.answer_interest(interest, yes=False)
    hours.decide_hours(log, coordinator, approve=True)
    months, year = figures.stats_between(oystre, today.replace(month=1, day=1), today.replace(month=12, day=1))
    month = months[today.month - 1]
    assert (month.active_volunteers, month.hours, month.tasks_done) == (1, 2.0, 1)
    assert month.median_answer_hours == pytest.approx(5.0, abs=0.1)
    assert year.hours == 2.0


def test_availability_exception_removes_a_volunteer_from_the_ranking(oystre):
    away = make_volunteer(oystre)
    present = make_volunteer(oystre)
    task = make_task(oystre)
    day = local(task.starts_at).date()
    away.exceptions.append(AvailabilityException(start_date=day, end_date=day))
    db.session.commit()
    by_id = {c.volunteer.id: c.points["availability"] for c in tasks.candidates(task)}
    assert by_id == {away.id: 0, present.id: 30}


def test_forget_removes_what_describes_the_person(oystre):
    user = make_user(municipality=oystre)
    services.sign_up(user, oystre, signup(skills="Strikkar", guardian_name=""))
    services.forget(user)
    volunteer = services.volunteer_of(user, oystre)
    assert volunteer.status == VolunteerStatus.LEFT and volunteer.skills == "" and volunteer.slots == []


def test_remind_command_runs_once(app, oystre, coordinator, monkeypatch):
    volunteer = make_volunteer(oystre)
    interest = interests.express_interest(volunteer, role_code="escort")
    interest.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://tenester.example.no")
    runner = app.test_cli_runner()
    assert "reminders: 1" in runner.invoke(args=["volunteers", "remind"]).output
    assert "reminders: 0" in runner.invoke(args=["volunteers", "remind"]).output
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == coordinator.email))
    assert "https://tenester.example.no/oystre-slidre/volunteer/coordinator/interest" in mail.body


def test_the_hourly_notify_job_sends_the_interest_reminder(app, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    interest = interests.express_interest(volunteer, role_code="escort")
    interest.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    runner = app.test_cli_runner()
    assert "reminders 1" in runner.invoke(args=["notify", "due"]).output
    db.session.expire_all()
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == coordinator.email))
    assert "/oystre-slidre/volunteer/coordinator/interest" in mail.body
    assert db.session.get(Interest, interest.id).reminded_at is not None  # the volunteer sees it
    # Neither job sends it again.
    assert "reminders 0" in runner.invoke(args=["notify", "due"]).output
    assert "reminders: 0" in runner.invoke(args=["volunteers", "remind"]).output


def test_an_expired_link_is_refused(oystre, monkeypatch):
    volunteer = make_volunteer(oystre)
    proposals.propose(make_task(oystre), volunteer)
    monkeypatch.setattr(proposals, "ANSWER_MAX_AGE", -1)
    with pytest.raises(services.VolunteerError, match="expired"):
        proposals.answer(_link(volunteer, "yes"))
    with pytest.raises(services.VolunteerError, match="expired"):
        proposals.read_answer(_link(volunteer, "yes"))

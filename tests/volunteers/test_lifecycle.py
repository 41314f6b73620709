"""Pausing and leaving, onboarding records, "Passar for deg" and editing a week proposal."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer, next_weekday
from webapp.clock import local
from webapp.clock import today as oslo_today
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.volunteers import proposals, services, tasks
from webapp.volunteers.models import (
    Assignment,
    AssignmentState,
    Task,
    TaskStatus,
    Volunteer,
    VolunteerStatus,
)

BASE = "/oystre-slidre/volunteer"
COORD = BASE + "/coordinator"


@pytest.fixture
def english(ctx):
    with force_locale("en"):
        yield


def _assign(task: Task, volunteer: Volunteer, state: str) -> Assignment:
    assignment = Assignment(task_id=task.id, volunteer_id=volunteer.id, state=state)
    if state in (AssignmentState.ACCEPTED, AssignmentState.CONFIRMED):
        task.status = TaskStatus.FILLED
    db.session.add(assignment)
    db.session.commit()
    return assignment


def test_leaving_gives_back_tasks_ahead_and_tells_the_coordinators(oystre, coordinator):
    volunteer = make_volunteer(oystre)
    ahead = make_task(oystre, title="Framover")
    asked = make_task(oystre, title="Spurd")
    suggested = make_task(oystre, title="Forslag")
    past = make_task(oystre, title="Ferdig", starts_at=utcnow() - timedelta(days=3))
    _assign(ahead, volunteer, AssignmentState.CONFIRMED)
    _assign(asked, volunteer, AssignmentState.PROPOSED)
    _assign(suggested, volunteer, AssignmentState.DRAFT)
    kept = _assign(past, volunteer, AssignmentState.ACCEPTED)

    services.leave(volunteer)

    db.session.expire_all()
    assert db.session.get(Task, ahead.id).status == TaskStatus.OPEN
    assert [a.state for a in db.session.get(Task, ahead.id).assignments] == [AssignmentState.DECLINED]
    assert [a.state for a in db.session.get(Task, asked.id).assignments] == [AssignmentState.DECLINED]
    assert db.session.get(Task, suggested.id).assignments == []
    # A task already over keeps its volunteer: the hours logged for it still count.
    assert db.session.get(Assignment, kept.id).state == AssignmentState.ACCEPTED
    assert db.session.get(Task, past.id).status == TaskStatus.FILLED
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == coordinator.email))
    assert volunteer.user.name in mail.subject and "slutta" in mail.subject  # nynorsk coordinator
    assert "Framover" in mail.body and "Spurd" in mail.body and "Ferdig" not in mail.body
    assert f"/coordinator/tasks/{ahead.id}" in mail.body
    # The task is open for the next one again.
    other = make_volunteer(oystre)
    assert [c.volunteer.id for c in tasks.candidates(db.session.get(Task, ahead.id))] == [other.id]


def test_a_paused_volunteer_is_never_ranked_or_asked_until_back(oystre, english):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    services.pause(volunteer)
    assert tasks.candidates(task) == [] and tasks.suited_tasks(volunteer) == []
    with pytest.raises(services.VolunteerError, match="requirements"):
        proposals.propose(task, volunteer)
    services.resume(volunteer)
    assert [c.volunteer.id for c in tasks.candidates(task)] == [volunteer.id]


def test_approval_during_a_pause_keeps_the_pause(oystre, coordinator):
    volunteer = make_volunteer(oystre, status=VolunteerStatus.PENDING, approved_at=None)
    services.pause(volunteer)
    services.approve(volunteer, coordinator)
    assert volunteer.status == VolunteerStatus.PAUSED and volunteer.approved_at is not None
    services.resume(volunteer)
    assert volunteer.status == VolunteerStatus.APPROVED


def test_a_left_volunteer_cannot_be_onboarded_or_approved(oystre, coordinator, english):
    volunteer = make_volunteer(oystre)
    services.leave(volunteer)
    for step in (
        lambda: services.approve(volunteer, coordinator),
        lambda: services.sign_declaration(volunteer),
        lambda: services.record_intro(volunteer, coordinator, date(2026, 1, 5)),
    ):
        with pytest.raises(services.VolunteerError, match="left"):
            step()


def test_politiattest_is_a_date_and_a_person_never_a_document(client, oystre, coordinator):
    volunteer = make_volunteer(oystre, politiattest_seen_on=None)
    with force_locale("en"), pytest.raises(services.VolunteerError, match="future"):
        services.record_politiattest(volunteer, coordinator, utcnow().date() + timedelta(days=1))
    login(client, coordinator)
    url = f"{COORD}/volunteers/{volunteer.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'type="file"' not in page and "multipart" not in page
    response = client.post(url + "/politiattest", data={"politiattest-day": "2026-01-05"})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Volunteer, volunteer.id)
    assert (stored.politiattest_seen_on, stored.politiattest_seen_by_id) == (date(2026, 1, 5), coordinator.id)
    assert f"Sett måndag 5. januar 2026 av {coordinator.name}." in client.get(url).get_data(as_text=True)
    # Only the fact is kept: no column could hold the document.
    assert not [
        c
        for c in Volunteer.__table__.columns
        if "attest" in c.name and c.name not in ("politiattest_seen_on", "politiattest_seen_by_id")
    ]


def test_the_volunteer_signs_the_declaration_with_version_and_time(client, oystre):
    volunteer = make_volunteer(
        oystre, declaration_version="", declaration_signed_at=None, status=VolunteerStatus.PENDING, approved_at=None
    )
    login(client, volunteer.user)
    assert "Versjon 2026-1" in client.get(f"{BASE}/me").get_data(as_text=True)
    before = utcnow()
    assert client.post(f"{BASE}/me/declaration").status_code == 302
    db.session.expire_all()
    stored = db.session.get(Volunteer, volunteer.id)
    assert stored.declaration_version == services.DECLARATION_VERSION
    assert before - timedelta(seconds=1) <= stored.declaration_signed_at <= utcnow()
    assert stored.status == VolunteerStatus.ONBOARDING


def test_suits_you_ranks_open_tasks_the_volunteer_may_take(client, oystre):
    volunteer = make_volunteer(oystre, roles=["escort"])
    liked = make_task(oystre, title="Følgje til tannlegen")
    other_role = make_task(oystre, title="Vaffelsteiking", role_code="waffle_baker")
    make_task(oystre, title="Gruppetur", role_code="group_companion")  # needs a politiattest
    asked = make_task(oystre, title="Spurd alt")
    make_task(oystre, title="Forbi", starts_at=utcnow() - timedelta(days=1))
    declined = make_task(oystre, title="Sagt nei")
    _assign(asked, make_volunteer(oystre), AssignmentState.PROPOSED)  # someone else is being asked
    _assign(declined, volunteer, AssignmentState.DECLINED)
    suited = tasks.suited_tasks(volunteer)
    assert [t.id for t, _score in suited] == [liked.id, other_role.id]
    assert suited[0][1] > suited[1][1]  # interest in the role counts
    login(client, volunteer.user)
    page = client.get(f"{BASE}/me").get_data(as_text=True)
    section = page[page.index("Passar for deg") : page.index('id="tasks-heading"')]
    assert section.index("Følgje til tannlegen") < section.index("Vaffelsteiking")
    for hidden in ("Gruppetur", "Spurd alt", "Forbi", "Sagt nei"):
        assert hidden not in section
    # Not approved yet: nothing suits.
    volunteer.status = VolunteerStatus.ONBOARDING
    db.session.commit()
    assert tasks.suited_tasks(volunteer) == []


def test_the_coordinator_edits_a_week_proposal_by_asking_someone_else(oystre):
    first = make_volunteer(oystre)
    second = make_volunteer(oystre, roles=["driver"])
    task = make_task(oystre, starts_at=next_weekday(2, time(9)))
    monday = proposals.monday_of(local(task.starts_at).date())
    [draft] = proposals.batch_propose(oystre, monday)
    assert draft.volunteer_id == first.id
    proposals.propose(task, second)  # "Choose someone else" on the task page
    states = {a.volunteer_id: a.state for a in db.session.get(Task, task.id).assignments}
    assert states == {second.id: AssignmentState.PROPOSED}
    assert proposals.drafts(oystre) == []


def test_the_coordinator_confirms_an_accepted_task(oystre, english):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    assignment = _assign(task, volunteer, AssignmentState.PROPOSED)
    with pytest.raises(services.VolunteerError, match="accepted"):
        proposals.confirm(assignment)
    assignment.state = AssignmentState.ACCEPTED
    db.session.commit()
    proposals.confirm(assignment)
    assert assignment.state == AssignmentState.CONFIRMED


def test_a_sign_up_for_an_offer_with_escort_becomes_a_task_to_match(client, oystre, coordinator):
    """The whole way from offers: the citizen ticks "I need someone to come with me"."""
    from tests.offers.conftest import make_offer
    from webapp.offers import signups

    offer = make_offer(oystre, join_mode="sign_up", capacity=5, title_nn="Sittedans på helsetunet")
    signups.sign_up(
        offer.id,
        signups.Person(name="Ragnhild Bakke", phone="41234567", email="", locale="nn"),
        needs_escort=True,
        needs_transport=True,
        escort_note="Brukar rullator",
    )
    task = db.session.scalar(select(Task).where(Task.offer_ref.like("offers:%")))
    assert task is not None and task.role_code == "escort" and task.status == TaskStatus.OPEN
    assert task.needs_car and task.person_name == "Ragnhild Bakke" and task.need_to_know == "Brukar rullator"
    assert task.title == "Følgjeteneste: Sittedans på helsetunet"
    with_car, without_car = make_volunteer(oystre), make_volunteer(oystre, has_car=False)
    assert [c.volunteer.id for c in tasks.candidates(task)] == [with_car.id]
    login(client, coordinator)
    page = client.get(f"{COORD}/tasks").get_data(as_text=True)
    assert "Sittedans på helsetunet" in page and "Frå påmelding" in page
    assert without_car.id not in {c.volunteer.id for c in tasks.candidates(task)}


def test_never_two_places_at_once(oystre, english):
    volunteer = make_volunteer(oystre)
    has = make_task(oystre, title="Har", starts_at=next_weekday(1, time(10)))
    _assign(has, volunteer, AssignmentState.ACCEPTED)
    clash = make_task(oystre, title="Samtidig", starts_at=next_weekday(1, time(10, 30)))
    later = make_task(oystre, title="Seinare", starts_at=next_weekday(1, time(13)))
    assert tasks.candidates(clash) == []
    with pytest.raises(services.VolunteerError, match="requirements"):
        proposals.propose(clash, volunteer)
    assert [c.volunteer.id for c in tasks.candidates(later)] == [volunteer.id]
    assert [t.id for t, _ in tasks.suited_tasks(volunteer)] == [later.id]


def test_the_week_proposal_never_double_books(oystre):
    volunteer = make_volunteer(oystre, tasks_per_week=3)
    first = make_task(oystre, title="A", starts_at=next_weekday(2, time(10)))
    make_task(oystre, title="B", starts_at=next_weekday(2, time(10, 30)))
    third = make_task(oystre, title="C", starts_at=next_weekday(2, time(14)))
    drafts = proposals.batch_propose(oystre, proposals.monday_of(local(first.starts_at).date()))
    assert len(drafts) == 2 and {d.volunteer_id for d in drafts} == {volunteer.id}
    assert third.id in {d.task_id for d in drafts}


def test_periods_away_are_kept_on_the_volunteers_page(client, oystre):
    volunteer = make_volunteer(oystre)
    other = make_volunteer(oystre)
    task = make_task(oystre)
    day = local(task.starts_at).date()
    login(client, volunteer.user)
    me = f"{BASE}/me"
    assert client.post(me + "/away", data={"away-start": day.isoformat()}).status_code == 302
    assert (
        client.post(
            me + "/away",
            data={
                "away-start": (day + timedelta(days=30)).isoformat(),
                "away-end": (day + timedelta(days=44)).isoformat(),
            },
        ).status_code
        == 302
    )
    db.session.expire_all()
    stored = db.session.get(Volunteer, volunteer.id)
    assert [(e.start_date, e.end_date) for e in stored.exceptions] == [
        (day, day),
        (day + timedelta(days=30), day + timedelta(days=44)),
    ]
    points = {c.volunteer.id: c.points["availability"] for c in tasks.candidates(db.session.get(Task, task.id))}
    assert points == {volunteer.id: 0, other.id: 30}
    page = client.get(me).get_data(as_text=True)
    assert "Periodar du er borte" in page and "Fjern perioden frå" in page
    # Editing the sign-up keeps both periods.
    form = {
        "roles": ["escort"],
        "languages": ["nb"],
        "max_travel_km": "20",
        "wants": "both",
        "tasks_per_week": "2",
        "availability": ["1m"],
        "birth_year": "1960",
        "consent": "y",
    }
    assert 'name="away_from"' not in client.get(f"{BASE}/sign-up").get_data(as_text=True)
    assert client.post(f"{BASE}/sign-up", data=form).status_code == 302
    db.session.expire_all()
    assert len(db.session.get(Volunteer, volunteer.id).exceptions) == 2
    # Bad input: a message, never a 500, nothing stored.
    for bad in (
        {"away-start": "2026-13-40"},
        {},
        {"away-start": day.isoformat(), "away-end": (day - timedelta(days=1)).isoformat()},
        {"away-start": "2020-01-01", "away-end": "2020-01-02"},
        {"away-start": day.isoformat(), "away-end": (day + timedelta(days=400)).isoformat()},
    ):
        assert client.post(me + "/away", data=bad).status_code == 302
    db.session.expire_all()
    periods = db.session.get(Volunteer, volunteer.id).exceptions
    assert len(periods) == 2
    # Another volunteer's period is not theirs to remove.
    other.exceptions.append(type(periods[0])(start_date=day, end_date=day))
    db.session.commit()
    assert client.post(f"{me}/away/{other.exceptions[0].id}/remove").status_code == 404
    assert client.post(f"{me}/away/{periods[0].id}/remove").status_code == 302
    db.session.expire_all()
    assert len(db.session.get(Volunteer, volunteer.id).exceptions) == 1
    assert len(db.session.get(Volunteer, other.id).exceptions) == 1


def test_the_request_by_e_mail_and_its_page_tell_nothing_about_the_person(client, oystre):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre, person_name="Knut Haugen", person_phone="41234567", need_to_know="Brukar stokk.")
    proposals.propose(task, volunteer)
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == volunteer.user.email))
    text = mail.subject + mail.body
    assert "Følgje til legen" in text
    for secret in ("Knut", "41234567", "Brukar stokk."):
        assert secret not in text
    link = next(line for line in mail.body.splitlines() if "/volunteer/answer/" in line).strip()
    page = client.get(link.split("localhost", 1)[1]).get_data(as_text=True)
    assert "Følgje til legen" in page
    for secret in ("Knut", "41234567", "Brukar stokk."):
        assert secret not in page


def test_a_request_link_after_leaving_says_the_task_is_no_longer_open(client, oystre):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    proposals.propose(task, volunteer)
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == volunteer.user.email))
    path = (
        next(line for line in mail.body.splitlines() if "/volunteer/answer/" in line).strip().split("localhost", 1)[1]
    )
    services.leave(volunteer)
    for response in (client.get(path), client.post(path)):
        # Shown in the volunteer's nynorsk though nobody is logged in (a phone reading the e-mail).
        assert response.status_code == 400 and "ikkje ledig lenger" in response.get_data(as_text=True)
        assert '<html lang="nn"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert [a.state for a in db.session.get(Task, task.id).assignments] == [AssignmentState.DECLINED]


def test_under_18_needs_a_guardian_in_the_form_too(client, oystre):
    login(client, make_user(municipality=oystre))
    form = {
        "roles": ["escort"],
        "max_travel_km": "10",
        "wants": "both",
        "tasks_per_week": "2",
        "birth_year": str(utcnow().year - 16),
        "consent": "y",
    }
    response = client.post(f"{BASE}/sign-up", data=form)
    assert response.status_code == 400 and "verje" in response.get_data(as_text=True)
    assert db.session.scalar(select(Volunteer)) is None
    form.update(guardian_name="Mor Åse", guardian_consent="y")
    assert client.post(f"{BASE}/sign-up", data=form).status_code == 302
    db.session.expire_all()
    stored = db.session.scalar(select(Volunteer))
    assert stored.guardian_name == "Mor Åse" and stored.guardian_consent_at is not None


def test_rejected_hours_do_not_count(oystre, coordinator):
    from webapp.volunteers import figures, hours

    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    _assign(task, volunteer, AssignmentState.ACCEPTED)
    today = oslo_today()
    kept, rejected = (hours.log_hours(volunteer, task.id, today, h) for h in (2, 5))
    hours.decide_hours(kept, coordinator, approve=True)
    hours.decide_hours(rejected, coordinator, approve=False)
    assert rejected.status == "rejected" and rejected.decided_by_id == coordinator.id
    months, year = figures.stats_between(oystre, today.replace(month=1, day=1), today.replace(month=12, day=1))
    assert months[today.month - 1].hours == 2.0 and year.hours == 2.0

"""Renewals: a politiattest and a confidentiality declaration hold as long as the frivilligsentral
sets; the coordinator sees what runs out, the volunteer is reminded once, and a task that needs a
politiattest never goes to someone whose politiattest has run out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.clock import OSLO
from webapp.extensions import db
from webapp.notifications import services as notifications
from webapp.notifications.models import OutboxMessage, SentReminder
from webapp.volunteers import editing, proposals, renewals, tasks
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import RenewalRule, VolunteerStatus
from webapp.volunteers.tasks import TaskData

COORD = "/oystre-slidre/volunteer/coordinator"


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=OSLO)


def test_months_are_added_to_the_calendar():
    assert renewals.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert renewals.add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert renewals.add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)


def test_default_and_set_validity(ctx, oystre, toten):
    assert renewals.months_for(oystre.id) == renewals.Months(36, 36)
    ids = oystre.id, toten.id
    renewals.save_months(oystre, 24, 12)
    db.session.expunge_all()  # read back from the database
    assert renewals.months_for(ids[0]) == renewals.Months(24, 12)
    assert renewals.months_for(ids[1]) == renewals.Months(36, 36)  # each municipality its own
    with pytest.raises(VolunteerError):
        renewals.save_months(oystre, 0, 12)
    assert renewals.months_for(ids[0]) == renewals.Months(24, 12)


def test_expired_politiattest_is_never_ranked_for_a_task_that_needs_one(ctx, oystre, clock):
    today = clock.today
    fresh = make_volunteer(oystre, politiattest_seen_on=today - timedelta(days=40))
    old = make_volunteer(oystre, politiattest_seen_on=renewals.add_months(today, -36))  # ran out today
    almost = make_volunteer(oystre, politiattest_seen_on=renewals.add_months(today, -36) + timedelta(days=1))
    task = make_task(oystre, needs_politiattest=True)
    ranked = {c.volunteer.id for c in tasks.candidates(task, limit=None)}
    assert fresh.id in ranked and almost.id in ranked and old.id not in ranked
    with pytest.raises(VolunteerError):
        proposals.propose(task, old)
    # A shorter validity set by the centre rules out one that was fine.
    renewals.save_months(oystre, 1, 36)
    ranked = {c.volunteer.id for c in tasks.candidates(task, limit=None)}
    assert fresh.id not in ranked and almost.id not in ranked
    # A task without the requirement still goes to them.
    plain = make_task(oystre)
    assert {fresh.id, old.id, almost.id} <= {c.volunteer.id for c in tasks.candidates(plain, limit=None)}


def test_a_task_cannot_come_to_need_a_politiattest_its_volunteer_no_longer_has(ctx, oystre, clock):
    volunteer = make_volunteer(oystre, politiattest_seen_on=renewals.add_months(clock.today, -40))
    task = make_task(oystre)
    proposals.propose(task, volunteer)
    data = TaskData(
        kind=task.kind,
        role_code=task.role_code,
        title=task.title,
        starts_at=task.starts_at,
        duration_minutes=task.duration_minutes,
        needs_politiattest=True,
    )
    with pytest.raises(VolunteerError):
        editing.update_task(oystre, task, data)
    volunteer.politiattest_seen_on = clock.today  # shown a new one
    db.session.commit()
    editing.update_task(oystre, task, data)
    assert task.needs_politiattest and editing.meets(volunteer, task)


def test_coordinator_list_covers_60_days_and_active_volunteers_only(ctx, oystre, toten, clock):
    today = clock.today
    start = renewals.add_months(today, -36)
    soon = make_volunteer(oystre, politiattest_seen_on=start + timedelta(days=60))
    later = make_volunteer(oystre, politiattest_seen_on=start + timedelta(days=61))
    gone = make_volunteer(oystre, politiattest_seen_on=start - timedelta(days=5))
    left = make_volunteer(oystre, politiattest_seen_on=start, status=VolunteerStatus.LEFT)
    elsewhere = make_volunteer(toten, politiattest_seen_on=start)
    signed = make_volunteer(oystre, declaration_signed_at=at_noon(start + timedelta(days=10)))
    found = renewals.expiring(oystre.id, today)
    pairs = [(e.volunteer_id, e.kind) for e in found]
    assert (gone.id, "politiattest") == pairs[0]  # soonest (already run out) first
    assert (soon.id, "politiattest") in pairs and (signed.id, "declaration") in pairs
    ids = {e.volunteer_id for e in found}
    assert later.id not in ids and left.id not in ids and elsewhere.id not in ids
    assert [e.volunteer_id for e in renewals.expiring(toten.id, today)] == [elsewhere.id]


def test_volunteer_is_reminded_once_ahead_of_time(ctx, oystre, clock):
    today = clock.today
    volunteer = make_volunteer(oystre, politiattest_seen_on=renewals.add_months(today, -36) + timedelta(days=40))
    expires = renewals.add_months(volunteer.politiattest_seen_on, 36)
    assert notifications.send_reminders(at_noon(expires - timedelta(days=31))) == 0
    assert notifications.send_reminders(at_noon(expires - timedelta(days=30))) == 1
    assert notifications.send_reminders(at_noon(expires - timedelta(days=29))) == 0
    assert notifications.send_reminders(at_noon(expires - timedelta(days=1))) == 0
    assert notifications.send_reminders(at_noon(expires)) == 0  # run out: no longer ahead of time
    keys = db.session.scalars(select(SentReminder.key).where(SentReminder.key.like("volunteer-renewal:%"))).all()
    assert keys == [f"volunteer-renewal:{volunteer.id}:politiattest:{expires.isoformat()}"]
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).all()
    assert mail.recipient == volunteer.user.email
    assert "Politiattesten din går ut" in mail.subject  # the volunteer's own standard: nynorsk
    assert "/oystre-slidre/volunteer/me" in mail.body
    # Renewed: a new date, and a new reminder when that one comes near.
    volunteer.politiattest_seen_on = expires
    db.session.commit()
    again = renewals.add_months(expires, 36)
    assert notifications.send_reminders(at_noon(again - timedelta(days=10))) == 1


def test_declaration_reminder_in_bokmal_and_not_for_those_who_left(ctx, oystre, clock):
    signed = at_noon(renewals.add_months(clock.today, -36) + timedelta(days=5))
    user = make_user(roles=(Role.VOLUNTEER,), municipality=oystre, locale="nb")
    make_volunteer(oystre, user=user, declaration_signed_at=signed)
    make_volunteer(oystre, declaration_signed_at=signed, status=VolunteerStatus.LEFT)
    assert notifications.send_reminders(clock.now) == 1
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).all()
    assert mail.recipient == user.email and "Taushetserklæringen din går ut" in mail.subject


def test_renewals_page_for_the_coordinator_of_the_municipality_only(app, client, oystre, toten, coordinator, clock):
    volunteer = make_volunteer(oystre, politiattest_seen_on=renewals.add_months(clock.today, -36) + timedelta(days=3))
    assert client.get(COORD + "/renewals").status_code == 302  # to the login page
    other = signed_in(app, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten))
    assert other.get(COORD + "/renewals").status_code == 403
    assert other.post(COORD + "/renewals", data={"politiattest_months": "1"}).status_code == 403
    assert signed_in(app, volunteer.user).get(COORD + "/renewals").status_code == 403
    login(client, coordinator)
    page = client.get(COORD + "/renewals").get_data(as_text=True)
    assert f'data-volunteer="{volunteer.id}" data-kind="politiattest"' in page
    assert 'value="36"' in page
    assert "Fornyingar" in page
    assert (
        client.post(COORD + "/renewals", data={"politiattest_months": "24", "declaration_months": "12"}).status_code
        == 302
    )
    assert db.session.get(RenewalRule, oystre.id).politiattest_months == 24
    assert db.session.get(RenewalRule, toten.id) is None


@pytest.mark.parametrize(
    ("politiattest", "declaration", "message"),
    [
        ("", "12", "Skriv kor mange månader ein politiattest gjeld."),
        ("abc", "12", None),
        ("500", "12", "Skriv kor mange månader ein politiattest gjeld, frå 1 til 120."),
        ("12", "0", "Skriv kor mange månader ei erklæring om teieplikt gjeld, frå 1 til 120."),
    ],
)
def test_bad_months_get_a_message_and_keep_what_was_typed(
    client, oystre, coordinator, politiattest, declaration, message
):
    login(client, coordinator)
    response = client.post(
        COORD + "/renewals", data={"politiattest_months": politiattest, "declaration_months": declaration}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    if message:
        assert message in page
    assert f'value="{declaration}"' in page
    assert db.session.get(RenewalRule, oystre.id) is None


def test_volunteer_page_and_workspace_show_the_dates(app, client, oystre, coordinator, clock):
    volunteer = make_volunteer(
        oystre,
        politiattest_seen_on=renewals.add_months(clock.today, -36) + timedelta(days=20),
        declaration_signed_at=at_noon(renewals.add_months(clock.today, -36) + timedelta(days=10)),
    )
    login(client, coordinator)
    page = client.get(f"{COORD}/volunteers/{volunteer.id}").get_data(as_text=True)
    assert 'id="politiattest-until"' in page and 'id="declaration-until"' in page
    assert "politiattest-day" in page  # time to record a new one
    workspace = client.get("/oystre-slidre/workspace").get_data(as_text=True)
    assert "/oystre-slidre/volunteer/coordinator/renewals" in workspace
    assert f"/oystre-slidre/volunteer/coordinator/volunteers/{volunteer.id}" in workspace
    mine = signed_in(app, volunteer.user).get("/oystre-slidre/volunteer/me").get_data(as_text=True)
    assert 'id="declaration"' in mine  # sign again
    assert "/volunteer/me/declaration" in mine

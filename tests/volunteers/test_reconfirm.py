"""Two days before each time of a standing task the volunteer confirms or cancels with one tap."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.volunteers.conftest import make_task, make_volunteer, next_weekday
from webapp import tokens
from webapp.accounts.models import Role
from webapp.clock import OSLO
from webapp.extensions import db
from webapp.notifications import services as notifications
from webapp.notifications.models import OutboxMessage
from webapp.volunteers.models import Assignment, TaskReconfirmation
from webapp.volunteers.reconfirm import PURPOSE, due


@pytest.fixture
def standing(oystre):
    """A weekly visit on Thursdays, with an accepted volunteer and a coordinator who reads bokmål."""
    first = next_weekday(3)
    task = make_task(
        oystre,
        kind="standing",
        title="Besøk hos Ragnhild",
        starts_at=first,
        repeat_until=(first + timedelta(weeks=8)).date(),
    )
    volunteer = make_volunteer(oystre)
    assignment = Assignment(task_id=task.id, volunteer_id=volunteer.id, state="accepted", score=1)
    db.session.add(assignment)
    db.session.commit()
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale="nb")
    return assignment, first + timedelta(weeks=1), coordinator


def link(assignment, when) -> str:
    day = when.astimezone(OSLO).date().isoformat()
    return "/volunteer/reconfirm/" + tokens.make_token(PURPOSE, {"a": assignment.id, "d": day})


def test_asked_two_days_before_each_time_and_only_once(ctx, app, standing, monkeypatch):
    assignment, second, _ = standing
    two_before = second - timedelta(days=2)
    [item] = list(due(two_before))
    assert item.template == "volunteers_task_reconfirm"
    assert "/volunteer/reconfirm/" in item.context["link"]
    assert list(due(second - timedelta(days=1))) == []  # the day before is the ordinary reminder
    monkeypatch.setitem(app.extensions, "reminder_sources", [due])
    assert notifications.send_reminders(two_before) == 1
    assert notifications.send_reminders(two_before) == 0
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == assignment.volunteer.user.email))
    assert "Kjem du til Besøk hos Ragnhild" in message.subject  # the volunteer's nynorsk


def test_one_off_tasks_are_not_asked(ctx, oystre):
    task = make_task(oystre)
    db.session.add(Assignment(task_id=task.id, volunteer_id=make_volunteer(oystre).id, state="accepted", score=1))
    db.session.commit()
    assert list(due(task.starts_at - timedelta(days=2))) == []


def test_confirm_with_one_tap_and_the_link_works_once(client, ctx, standing):
    assignment, second, _ = standing
    url = link(assignment, second)
    page = client.get(url)
    assert page.status_code == 200 and "Ja, eg kjem" in page.get_data(as_text=True)
    assert client.post(url, data={"answer": "confirm"}).status_code == 200
    db.session.expire_all()
    [answer] = db.session.scalars(select(TaskReconfirmation)).all()
    assert answer.answer == "confirmed" and answer.day == second.astimezone(OSLO).date()
    again = client.post(url, data={"answer": "cancel"})
    assert again.status_code == 400 and "allereie brukt" in again.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains("kan ikke komme"))) is None


def test_cannot_come_tells_the_coordinators_in_their_standard(client, ctx, standing):
    assignment, second, coordinator = standing
    page = client.post(link(assignment, second), data={"answer": "cancel"})
    assert page.status_code == 200 and "finn ein annan" in page.get_data(as_text=True)
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == coordinator.email))
    assert "kan ikke komme til Besøk hos Ragnhild" in message.subject
    assert f"/tasks/{assignment.task_id}" in message.body
    assert db.session.scalar(select(TaskReconfirmation)).answer == "cancelled"


def test_the_coordinator_sees_the_answers_on_the_task_page(client, ctx, standing):
    from tests.factories import login

    assignment, second, coordinator = standing
    client.post(link(assignment, second), data={"answer": "cancel"})
    login(client, coordinator)
    page = client.get(f"/oystre-slidre/volunteer/coordinator/tasks/{assignment.task_id}")
    assert "kan ikke komme" in page.get_data(as_text=True)


def test_tampered_expired_wrong_day_and_bad_answer_are_refused(client, ctx, standing, monkeypatch):
    assignment, second, _ = standing
    url = link(assignment, second)
    assert client.get(url[:-3] + "abc").status_code == 400
    off_day = link(assignment, second + timedelta(days=1))  # no task that day
    assert client.get(off_day).status_code == 400
    assert client.post(url, data={"answer": "maybe"}).status_code == 400
    other = "/volunteer/reconfirm/" + tokens.make_token("respite-reconfirm", {"a": assignment.id})
    assert client.get(other).status_code == 400
    monkeypatch.setattr("webapp.volunteers.reconfirm.MAX_AGE", -1)
    expired = client.get(url)
    assert expired.status_code == 400 and "ikkje lenger gyldig" in expired.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(TaskReconfirmation)) is None


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_the_pages_are_accessible(page, live_server, browser_app, standing, locale):
    from tests.a11y import assert_accessible

    assignment, second, _ = standing
    assignment.volunteer.user.locale = locale
    db.session.commit()
    url = live_server.url + link(assignment, second)
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == locale
    assert_accessible(page)
    page.get_by_role(
        "button", name="Nei, eg kan ikkje denne gongen" if locale == "nn" else "Nei, jeg kan ikke denne gangen"
    ).click()
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page)
    page.goto(url)  # used: a clear page, not an error
    assert page.locator("html").get_attribute("lang") == locale
    assert_accessible(page)

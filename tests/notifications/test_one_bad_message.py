"""One bad message never halts the others (issue 11, high 3).

A volunteer saved the name "Frode\\rFrivillig" and left: the coordinators' subject held a carriage
return, `flask outbox send` crashed with ValueError on every run, and no e-mail or SMS went out for
anyone any more. Now the subject is cleaned where it is made, and whatever still goes wrong with one
message is recorded on that message, which is given up on (dead) after a while."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import is_postgres
from tests.factories import make_user
from tests.mail import body
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts import services as accounts
from webapp.accounts.models import Role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications import dead, services
from webapp.notifications.models import OutboxMessage
from webapp.volunteers import services as volunteers
from webapp.volunteers.models import Assignment, AssignmentState, TaskStatus


@pytest.fixture
def oystre(municipalities):
    volunteers.ensure_roles()
    db.session.commit()
    return municipalities["oystre-slidre"]


def _volunteer_with_a_task(municipality, name: str):
    user = make_user(roles=(Role.VOLUNTEER,), municipality=municipality, locale="nn", name=name)
    volunteer = make_volunteer(municipality, user=user)
    task = make_task(municipality, title="Følgje til legen")
    db.session.add(Assignment(task_id=task.id, volunteer_id=volunteer.id, state=AssignmentState.CONFIRMED))
    task.status = TaskStatus.FILLED
    db.session.commit()
    return volunteer


def test_volunteer_with_a_carriage_return_in_the_name_leaves_and_every_message_goes_out(app, oystre, smtp):
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale="nn")
    # Saved before names refused control characters (test_names_refuse_control_characters).
    volunteer = _volunteer_with_a_task(oystre, "Frode\rFrivillig")
    volunteers.leave(volunteer)
    someone = make_user(locale="nb")
    accounts.request_password_reset(someone.email)  # queued after the bad one

    result = app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert "sent 2, failed 0" in result.output
    [left] = smtp.wait_for(coordinator.email)
    assert left["Subject"] == "Frode Frivillig har slutta som frivillig"
    assert "Frivillig har slutta som frivillig. Desse oppdraga" in body(left)  # a body may break lines
    assert smtp.wait_for(someone.email)[0]["Subject"] == "Velg et nytt passord"


def test_a_message_that_fails_is_recorded_and_the_cli_sends_the_rest(app, ctx, smtp):
    # A message queued before subjects were cleaned: the e-mail library refuses the header.
    db.session.add(
        OutboxMessage(
            channel="email",
            recipient="koordinator@example.no",
            subject="Frode\rFrivillig har slutta som frivillig",
            body="Hei\n",
        )
    )
    db.session.commit()
    someone = make_user(locale="nn")
    accounts.request_password_reset(someone.email)

    for _run in range(2):  # it halted on every run before
        result = app.test_cli_runner().invoke(args=["outbox", "send"])
        assert result.exit_code == 0, result.output
    assert "sent 0, failed 0" in result.output  # the second run: the bad one waits for its backoff

    assert smtp.wait_for(someone.email)[0]["Subject"] == "Vel eit nytt passord"
    bad = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "koordinator@example.no"))
    assert bad.sent_at is None and bad.dead_at is None and bad.attempts == 1
    assert bad.last_error.startswith("ValueError: ") and "\r" not in bad.last_error
    assert bad.next_attempt_at > utcnow()
    assert smtp.to("koordinator@example.no") == []


def test_an_unexpected_exception_in_one_channel_does_not_stop_the_others(app, ctx, smtp, monkeypatch):
    # A gateway address without a scheme makes urllib raise ValueError, not an SMS error.
    monkeypatch.setitem(app.config, "SMS_GATEWAY", "http")
    monkeypatch.setitem(app.config, "SMS_GATEWAY_URL", "sms.example/send")
    person = make_user(phone="912 34 567", locale="nn")
    services.save_preferences(person.id, email=True, sms=True, reminders=True)
    services.notify(services.recipient_of(person), "reset", user=person, link="http://x/y")
    services.queue_email("andre@example.no", "reset", "nb", user=make_user(), link="http://x/z")
    db.session.commit()

    result = services.send_due()

    assert (result.sent, result.failed, result.dead) == (2, 1, 0)
    assert {m["To"] for m in smtp.messages} == {person.email, "andre@example.no"}
    sms = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "sms"))
    assert sms.sent_at is None and sms.last_error.startswith("ValueError: unknown url type")


def test_a_message_is_given_up_after_the_last_attempt_and_not_tried_again(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "SMS_GATEWAY", "http")
    monkeypatch.setitem(app.config, "SMS_GATEWAY_URL", "sms.example/send")
    message = services.queue_sms("91234567", "reset", "nb", user=make_user(), link="http://x")
    db.session.commit()
    now = utcnow()
    results = []
    for _step in range(4):
        now += timedelta(hours=1)
        results.append(services.send_due(now=now))
    assert [(r.failed, r.dead) for r in results] == [(1, 0), (1, 0), (1, 1), (0, 0)]
    assert message.attempts == 3 and message.dead_at is not None and message.sent_at is None
    assert services.pending_count() == 0 and dead.dead_count() == 1


def test_a_message_is_given_up_after_some_days_of_failing(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_GATEWAY", "http")
    monkeypatch.setitem(app.config, "SMS_GATEWAY_URL", "sms.example/send")
    message = services.queue_sms("91234567", "reset", "nb", user=make_user(), link="http://x")
    db.session.commit()
    assert services.send_due().dead == 0
    later = utcnow() + timedelta(days=app.config["OUTBOX_DEAD_AFTER_DAYS"], minutes=1)
    assert services.send_due(now=later).dead == 1
    assert message.attempts == 2 and message.dead_at == later


@pytest.mark.parametrize(
    "name",
    [
        "Frode\rFrivillig",
        "Frode\nFrivillig",
        "Frode\r\nBcc: x@evil.example",
        "Frode\x0bFrivillig",
        "Frode\x85Frivillig",
        "Frode\u2028Frivillig",
        "Frode\x00Frivillig",
    ],
)
def test_subjects_are_one_clean_line(ctx, name):
    subject, _ = services.render_email("volunteers_left", "nb", user=make_user(), volunteer=name, tasks=[], links=[])
    assert subject.startswith("Frode ") and subject.endswith("har sluttet som frivillig")
    assert len(subject.splitlines()) == 1 and all(c >= " " for c in subject)


def test_a_subject_longer_than_its_column_is_shortened(ctx):
    volunteer, title = "Frode " + "F" * 114, "T" * 160  # the longest name and task title the forms take
    message = services.queue_email(
        "koordinator@example.no",
        "volunteers_task_absence",
        "nb",
        volunteer=volunteer,
        title=title,
        starts_at=utcnow(),
        link="http://x",
    )
    db.session.commit()  # PostgreSQL refused a subject over 250 characters: the change failed with it
    assert len(message.subject) == services.SUBJECT_MAX and message.subject.endswith("…")


@pytest.mark.skipif(not is_postgres(), reason="row locks need PostgreSQL")
def test_senders_running_at_once_send_each_message_once(app, ctx, smtp):
    for n in range(30):
        services.queue_email(f"mottakar{n}@example.no", "reset", "nb", user=make_user(), link="http://x")
    db.session.commit()
    barrier = threading.Barrier(3)
    sent: list[int] = []

    def sender() -> None:
        with app.test_request_context("/"):
            barrier.wait()
            try:
                sent.append(services.send_due().sent)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 30 and services.pending_count() == 0
    smtp.wait_for("mottakar29@example.no")
    assert sorted(str(m["To"]) for m in smtp.messages) == sorted(f"mottakar{n}@example.no" for n in range(30))

"""The outbox against a real SMTP server (aiosmtpd), including one that is down for a while."""

from datetime import timedelta

from tests.conftest import free_port
from tests.factories import make_user
from tests.mail import SmtpSink, body
from webapp.accounts import services as accounts
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications import services
from webapp.notifications.models import OutboxMessage


def test_message_is_stored_with_the_change_and_sent_by_the_sender(ctx, smtp):
    user = accounts.register(
        email="mari@example.no", password="et godt passord her", name="Mari", locale="nn", home_municipality_id=None
    )
    assert services.pending_count() == 1
    result = services.send_due()
    assert (result.sent, result.failed) == (1, 0)
    [message] = smtp.wait_for("mari@example.no")
    assert message["Subject"] == "Stadfest e-postadressa di"
    assert "Hei Mari," in body(message)
    assert services.pending_count() == 0
    assert services.send_due().sent == 0  # never twice
    assert user.id


def test_rolled_back_change_sends_nothing(ctx, smtp):
    services.queue_email("nokon@example.no", "reset", "nb", user=make_user(), link="http://x")
    db.session.rollback()
    assert services.send_due().sent == 0 and smtp.messages == []


def test_server_down_then_back_loses_nothing(ctx, app, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 2)
    user = make_user(locale="nb")
    accounts.request_password_reset(user.email)

    now = utcnow()
    first = services.send_due(now=now)
    assert (first.sent, first.failed) == (0, 1)
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.attempts == 1 and message.sent_at is None
    assert message.next_attempt_at == now + services.backoff(1)
    assert "ConnectionRefused" in message.last_error

    # not due yet: the backoff holds it back
    assert services.send_due(now=now + timedelta(seconds=5)).failed == 0
    second = services.send_due(now=now + timedelta(minutes=1))
    assert second.failed == 1 and message.attempts == 2
    assert message.next_attempt_at == now + timedelta(minutes=1) + services.backoff(2)

    sink = SmtpSink(port)
    sink.start()
    try:
        third = services.send_due(now=now + timedelta(hours=2))
        assert third.sent == 1
        [received] = sink.wait_for(user.email)
        assert received["Subject"] == "Velg et nytt passord"
        assert message.sent_at is not None
    finally:
        sink.stop()


def test_backoff_grows_and_is_capped():
    assert services.backoff(1) == timedelta(seconds=30)
    assert services.backoff(2) == timedelta(seconds=60)
    assert services.backoff(3) == timedelta(seconds=120)
    assert services.backoff(50) == timedelta(hours=1)


def test_cli_sends_due_messages(app, ctx, smtp):
    services.queue_email("cli@example.no", "reset", "nn", user=make_user(), link="http://x")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "sent 1" in result.output
    assert smtp.wait_for("cli@example.no")[0]["Subject"] == "Vel eit nytt passord"

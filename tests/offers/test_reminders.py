"""The day-before reminder for a session reaches everyone with a place, once, in their standard."""

from datetime import UTC, date, datetime, time

from tests.offers.conftest import make_offer
from webapp.extensions import db
from webapp.notifications import services as notifications
from webapp.notifications.models import OutboxMessage
from webapp.offers.models import SignUp
from webapp.offers.reminders import due


def signup(offer, status="confirmed", **overrides):
    values = dict(offer_id=offer.id, name="Sigrid", email="sigrid@example.no", phone="", locale="nn", status=status)
    values.update(overrides)
    row = SignUp(**values)
    db.session.add(row)
    db.session.commit()
    return row


def test_series_signup_is_reminded_the_day_before(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], days=("TU",), at=time(10, 0), dtstart=date(2026, 1, 6))
    signup(offer)
    signup(offer, status="waiting", email="venter@example.no")
    monday = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)  # Tuesday 8 December tomorrow
    [reminder] = list(due(monday))
    assert reminder.recipient.email == "sigrid@example.no"
    assert reminder.context["starts_at"] == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    assert list(due(datetime(2026, 12, 8, 15, 0, tzinfo=UTC))) == []  # Wednesday: none


def test_reminders_go_out_once_in_the_recipients_standard(ctx, app, municipalities, monkeypatch):
    offer = make_offer(municipalities["oystre-slidre"], days=("TU",), at=time(10, 0))
    signup(offer)
    monkeypatch.setitem(app.extensions, "reminder_sources", [due])
    monday = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    assert notifications.send_reminders(monday) == 1
    assert notifications.send_reminders(monday) == 0
    [message] = db.session.scalars(db.select(OutboxMessage)).all()
    assert message.subject.startswith("Påminning:") and "i morgon" in message.subject
    assert "tysdag 8. desember 2026 kl. 10.00" in message.body
    assert "/offers/cancel/" in message.body or "cancel" in message.body

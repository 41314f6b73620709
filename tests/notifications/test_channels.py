"""Messages reach people on the channels they chose, in their own standard; reminders go once."""

from datetime import timedelta

import pytest

from tests.factories import make_user
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications import services
from webapp.notifications.models import ContactPreference, OutboxMessage
from webapp.notifications.sms import normalise_number


def reset_message(person, locale):
    return services.Recipient(email=person.email, phone=person.phone, locale=locale, user_id=person.id)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("912 34 567", "+4791234567"),
        ("+47 412 34 567", "+4741234567"),
        ("0047 91234567", "+4791234567"),
        ("61 35 25 00", None),
        ("abc", None),
        ("", None),
    ],
)
def test_numbers_are_normalised(raw, expected):
    assert normalise_number(raw) == expected


def test_sms_goes_through_the_http_gateway(ctx, gateway, smtp):
    person = make_user(phone="912 34 567")
    queued = services.notify(reset_message(person, "nn"), "reset", user=person, link="http://x/y")
    db.session.commit()
    assert sorted(m.channel for m in queued) == ["email", "sms"]
    result = services.send_due()
    assert result.sent == 2
    [sms] = gateway.received
    assert sms["destination"] == "+4791234567" and sms["userData"] == "Vel eit nytt passord"
    assert gateway.auth == ["Bearer hemmeleg-nøkkel"]
    assert smtp.wait_for(person.email)[0]["Subject"] == "Vel eit nytt passord"


def test_failing_gateway_is_retried_later_and_loses_nothing(ctx, gateway):
    person = make_user(phone="91234567")
    services.save_preferences(person.id, email=False, sms=True, reminders=True)
    services.notify(reset_message(person, "nb"), "reset", user=person, link="http://x")
    db.session.commit()
    gateway.fail_with = 503
    now = utcnow()
    assert services.send_due(now=now).failed == 1
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.sent_at is None and "503" in message.last_error
    gateway.fail_with = None
    assert services.send_due(now=now + timedelta(minutes=5)).sent == 1
    assert [m["userData"] for m in gateway.received] == ["Velg et nytt passord"]


def test_opt_out_respected_but_required_messages_go_out(ctx):
    person = make_user(phone="91234567")
    services.save_preferences(person.id, email=False, sms=False, reminders=False)
    recipient = reset_message(person, "nb")
    assert services.notify(recipient, "reset", user=person, link="x") == []
    assert services.notify(recipient, "reset", reminder=True, user=person, link="x") == []
    required = services.notify(recipient, "reset", required=True, user=person, link="x")
    assert [m.channel for m in required] == ["email"]
    no_email = services.Recipient(phone="91234567", locale="nn")
    assert [m.channel for m in services.notify(no_email, "reset", required=True, user=person, link="x")] == ["sms"]


def test_reminders_are_sent_exactly_once_across_runs(ctx, app, smtp, monkeypatch):
    person = make_user(locale="nn")

    def source(now):
        yield services.Reminder(
            key=f"test:{person.id}",
            recipient=reset_message(person, "nn"),
            template="reset",
            context={"user": person, "link": "http://x"},
        )

    monkeypatch.setitem(app.extensions, "reminder_sources", [source])
    runner = app.test_cli_runner()
    first = runner.invoke(args=["notify", "due"])
    second = runner.invoke(args=["notify", "due"])
    assert "reminders 1" in first.output and "reminders 0" in second.output
    assert len(smtp.wait_for(person.email)) == 1


def test_contact_choices_on_profile(client, ctx):
    from tests.factories import login

    person = make_user(phone="91234567")
    login(client, person)
    page = client.get("/profile").get_data(as_text=True)
    assert "SMS til mobilen min" in page
    client.post("/profile/contact", data={"contact-email": "y", "contact-reminders": "y"})
    db.session.expire_all()
    prefs = services.preferences(person.id)
    assert (prefs.email, prefs.sms, prefs.reminders) == (True, False, True)


def test_one_default_for_those_who_have_not_chosen(ctx):
    person = make_user(phone="912 34 567")
    unchosen = services.preferences(person.id)
    assert (unchosen.email, unchosen.sms, unchosen.reminders) == (True, True, True)
    stored = ContactPreference(user_id=person.id)
    db.session.add(stored)
    db.session.commit()
    assert (stored.email, stored.sms, stored.reminders) == (True, True, True)

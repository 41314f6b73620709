"""Whether SMS (and e-mail, and reminders) is on for someone who has not chosen is said in one
place, `ContactPreference.DEFAULTS`: the sending, the stored row and the profile form all follow it."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import login, make_user
from webapp.extensions import db
from webapp.notifications.models import ContactPreference, OutboxMessage
from webapp.notifications.services import Recipient, notify, recipient_of


def ticked(page: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag is not None, name
    return "checked" in tag.group(0)


def test_the_profile_form_shows_the_one_default_to_someone_who_has_not_chosen(client, ctx):
    person = make_user(phone="91234567")
    login(client, person)
    page = client.get("/profile").get_data(as_text=True)
    for channel, on in ContactPreference.DEFAULTS.items():
        assert ticked(page, f"contact-{channel}") is on, channel
    assert db.session.get(ContactPreference, person.id) is None  # looking chose nothing


def test_sending_follows_the_one_default_for_someone_who_has_not_chosen(ctx):
    person = make_user(phone="91234567")
    recipient: Recipient = recipient_of(person)
    queued = notify(recipient, "confirm", user=person, link="https://kommune.example/")
    db.session.commit()
    channels = set(
        db.session.scalars(select(OutboxMessage.channel).where(OutboxMessage.id.in_([m.id for m in queued])))
    )
    assert channels == {c for c in ("email", "sms") if ContactPreference.DEFAULTS[c]}

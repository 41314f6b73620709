"""A sign-up's messages come from the offer's organiser, and the waiting list is told it is one."""

from __future__ import annotations

from sqlalchemy import select

from tests.offers.conftest import make_offer
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.offers import signups


def messages_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)))


def test_signup_mail_is_signed_by_the_organiser_and_the_waiting_list_is_not_asked_to_give_up_a_place(
    ctx, municipalities
):
    offer = make_offer(
        municipalities["oystre-slidre"],
        join_mode="sign_up",
        capacity=1,
        contact_name="Liv Lagleiar",
        contact_phone="912 34 567",
        contact_email="liv@example.no",
    )
    signups.sign_up(offer.id, signups.Person(name="Kari", phone="", email="kari@example.no", locale="nn"))
    signups.sign_up(offer.id, signups.Person(name="Ola", phone="41234567", email="ola@example.no", locale="nb"))

    [confirmed] = messages_to("kari@example.no")
    assert confirmed.body.startswith("Hei Kari,\n")
    assert "Helsing\nLiv Lagleiar\nTelefon: 912 34 567\nE-post: liv@example.no\n" in confirmed.body
    # Signed up without an account: nowhere to log in.
    assert "/my-pages" not in confirmed.body

    waiting, sms = sorted(messages_to("ola@example.no") + messages_to("+4741234567"), key=lambda m: m.channel)
    assert "kan du melde deg av ventelisten med denne lenken" in waiting.body
    assert "avbestill" not in waiting.body.lower()
    assert "Hilsen\nLiv Lagleiar\n" in waiting.body
    assert sms.channel == "sms" and sms.body.endswith(" – Liv Lagleiar")
    assert "Meld deg av ventelisten her:" in sms.body


def test_without_a_contact_the_municipality_signs(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=5)
    signups.sign_up(offer.id, signups.Person(name="", phone="", email="anon@example.no", locale="nn"))
    [message] = messages_to("anon@example.no")
    assert message.body.startswith("Hei,\n")
    assert "Helsing\nØystre Slidre kommune\nTelefon: 61 35 25 00\n" in message.body

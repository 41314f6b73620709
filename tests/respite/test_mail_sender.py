"""Respite messages are signed: by the unit for a stay, by the allocation office for the unit's own
mail and for decisions; the relative is greeted by name."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.respite.test_booking_rules import book
from webapp.extensions import db
from webapp.municipalities.models import Unit, UnitKind
from webapp.notifications.models import OutboxMessage
from webapp.respite import messages


def mail_to(address: str) -> OutboxMessage:
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == address, OutboxMessage.channel == "email")
        .order_by(OutboxMessage.id.desc())
    ).first()


def test_booking_mail_is_signed_by_the_unit_and_the_unit_mail_by_the_office(setting):
    municipality, unit, relative, decision = setting
    unit.unit.phone = "61 35 26 00"
    db.session.add(
        Unit(
            municipality_id=municipality.id,
            kind=UnitKind.ALLOCATION_OFFICE,
            name="Tildelingskontoret i Testvik",
            phone="61 35 25 00",
        )
    )
    municipality.contact_email = "postmottak@testvik.example"
    db.session.commit()
    book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))

    to_relative = mail_to(relative.email)
    assert to_relative.body.startswith(f"Hei {relative.name},\n")
    assert f"Helsing\n{unit.name}\nTelefon: 61 35 26 00\nE-post: eining@kommune.example\n" in to_relative.body
    assert "Logg inn på http://localhost/my-pages" in to_relative.body

    to_unit = mail_to("eining@kommune.example")
    assert to_unit.body.startswith("Hei,\n")
    # The office has no address of its own: the municipality's is given.
    assert (
        "Helsing\nTildelingskontoret i Testvik\nTelefon: 61 35 25 00\nE-post: postmottak@testvik.example\n"
        in to_unit.body
    )


def test_a_decision_change_is_signed_by_the_municipality_without_an_office(setting):
    municipality, unit, relative, decision = setting
    messages.notify_decision(decision, "changed", 0)
    db.session.commit()
    assert f"Helsing\n{municipality.name} kommune\n" in mail_to(relative.email).body

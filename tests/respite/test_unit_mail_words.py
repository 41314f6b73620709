"""The unit's e-mail says what happened: a new booking is new, a cancelled one cancelled, not «endra»."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.respite.test_booking_rules import NOW, book
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.respite import services


def _unit_mail(unit) -> OutboxMessage:
    address = unit.email or unit.unit.email
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == address, OutboxMessage.channel == "email")
        .order_by(OutboxMessage.id.desc())
    ).first()


def test_new_and_cancelled_bookings_are_told_as_such(setting):
    municipality, unit, relative, decision = setting
    unit.email = "eining@kommune.example"
    db.session.commit()
    booking = book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))
    new = _unit_mail(unit)
    assert "Det har kome ei ny avlastingsbestilling på" in new.body and "er endra" not in new.body
    services.cancel(relative, booking.id, now=NOW)
    cancelled = _unit_mail(unit)
    assert cancelled.id != new.id
    assert "er avbestilt. Logg inn for å sjå kalenderen" in cancelled.body and "er endra" not in cancelled.body

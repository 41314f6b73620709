"""States are enums with their titles in one place, and the database keeps them to their values."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.offers.conftest import make_offer
from webapp.extensions import db
from webapp.offers.models import Status
from webapp.respite.models import BookingStatus
from webapp.volunteers.models import AssignmentState


def test_members_are_their_values_and_carry_a_translated_title(ctx):
    assert BookingStatus.PENDING == "pending"
    assert BookingStatus("pending") is BookingStatus.PENDING
    assert f"{BookingStatus.PENDING}" == "pending"
    with force_locale("nb"):
        assert BookingStatus.PENDING.title == "Venter på godkjenning"
    with force_locale("nn"):
        assert AssignmentState.PROPOSED.title == "Spurt, ventar på svar"
    assert [value for value, _title in Status.choices()] == ["active", "new", "paused", "reestablishing"]


def test_database_refuses_a_state_its_enum_does_not_know(ctx, municipalities):
    offer = make_offer(municipalities["gausdal"])
    db.session.execute(text("UPDATE offers SET status = :s WHERE id = :id"), {"s": "paused", "id": offer.id})
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE offers SET status = :s WHERE id = :id"), {"s": "bogus", "id": offer.id})
        db.session.flush()
    db.session.rollback()

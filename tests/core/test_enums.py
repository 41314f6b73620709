"""States are enums with their titles in one place, and the database keeps them to their values."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.factories import make_municipality
from tests.offers.conftest import make_offer
from tests.respite.conftest import make_respite_unit
from webapp.extensions import db
from webapp.offers.models import SignUp, Status
from webapp.respite.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Booking,
    BookingStatus,
    RespiteKind,
)
from webapp.volunteers.models import Assignment, AssignmentState, HourLog, Task, Volunteer


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


def test_models_answer_what_templates_ask(ctx):
    assert Booking(status="pending").is_pending and not Booking(status="confirmed").is_pending
    assert Application(status="in_review").is_open and not Application(status="granted").is_open
    assert SignUp(status="confirmed").is_confirmed and not SignUp(status="waiting").is_confirmed
    assert Volunteer(status="left").has_left and not Volunteer(status="paused").has_left
    assert Volunteer(status="pending").can_show_interest and not Volunteer(status="paused").can_show_interest
    assert Task(status="filled").can_change and not Task(status="done").can_change
    assert Task(kind="standing").is_standing and Task(kind="offer_helper").is_offer_helper
    assert Assignment(state="confirmed").is_active and not Assignment(state="proposed").is_active
    assert Assignment(state="accepted").can_confirm and Assignment(state="draft").is_draft
    with force_locale("nn"):
        assert Task(status="cancelled").title_of_status == "Avlyst"
        assert HourLog(status="rejected").title_of_status == "Ikkje godkjend"


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("respite_units", "kind"),
        ("respite_applications", "kind_wanted"),
        ("respite_application_events", "status"),
    ],
)
def test_database_refuses_a_respite_kind_or_application_state_its_enum_does_not_know(ctx, table, column):
    municipality = make_municipality()
    unit = make_respite_unit(municipality)
    application = Application(
        municipality_id=municipality.id,
        receiver_name="Olav Omsorg",
        receiver_birth_year=1938,
        relation="son",
        kind_wanted=RespiteKind.DAY,
        consent="written",
    )
    application.events.append(ApplicationEvent(status=ApplicationStatus.RECEIVED))
    db.session.add(application)
    db.session.commit()
    row_id = {"respite_units": unit.id, "respite_applications": application.id}.get(table, application.events[0].id)
    good = "home" if column != "status" else "withdrawn"
    db.session.execute(text(f"UPDATE {table} SET {column} = :v WHERE id = :id"), {"v": good, "id": row_id})
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text(f"UPDATE {table} SET {column} = :v WHERE id = :id"), {"v": "bogus", "id": row_id})
        db.session.flush()
    db.session.rollback()
    assert db.session.execute(text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}).scalar() == good

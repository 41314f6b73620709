"""Factories and fixtures for the volunteers domain."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from tests.factories import make_user
from webapp.accounts.models import Role
from webapp.clock import local, local_datetime
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.volunteers import services
from webapp.volunteers.models import (
    AvailabilitySlot,
    Place,
    Task,
    Volunteer,
    VolunteerStatus,
)
from webapp.volunteers.tasks import TaskData, create_task


def make_place(municipality: Municipality, name: str = "Heggenes", lat: float = 61.149, lon: float = 9.064) -> Place:
    place = Place(municipality_id=municipality.id, name=name, lat=lat, lon=lon)
    db.session.add(place)
    db.session.commit()
    return place


def make_volunteer(municipality: Municipality, user=None, **overrides) -> Volunteer:
    """An approved volunteer available on weekdays 08–16, interested in escorting."""
    user = user or make_user(roles=(Role.VOLUNTEER,), municipality=municipality, locale="nn")
    unit = services.centre(municipality)
    now = utcnow()
    values = dict(
        user_id=user.id,
        municipality_id=municipality.id,
        unit_id=unit.id,
        status=VolunteerStatus.APPROVED,
        roles=["escort"],
        languages=["nb"],
        max_travel_km=20,
        has_car=True,
        has_licence=True,
        wants="both",
        birth_year=1960,
        consent_at=now,
        intro_done_on=now.date(),
        declaration_version="2026-1",
        declaration_signed_at=now,
        approved_at=now,
        slots=[AvailabilitySlot(weekday=d, start_minute=8 * 60, end_minute=16 * 60) for d in range(5)],
    )
    values.update(overrides)
    volunteer = Volunteer(**values)
    db.session.add(volunteer)
    db.session.commit()
    return volunteer


def next_weekday(weekday: int, at: time = time(10)) -> datetime:
    today = local(utcnow()).date()
    return local_datetime(today + timedelta(days=(weekday - today.weekday()) % 7 or 7), at)


def make_task(municipality: Municipality, **overrides) -> Task:
    """A one-off escort task next Tuesday 10:00 for an hour."""
    values = dict(
        kind="one_off",
        role_code="escort",
        title="Følgje til legen",
        starts_at=next_weekday(1),
        duration_minutes=60,
        person_name="Knut",
        person_phone="41234567",
        need_to_know="Brukar stokk.",
    )
    values.update(overrides)
    return create_task(municipality, TaskData(**values))


@pytest.fixture
def roles(ctx):
    services.ensure_roles()
    db.session.commit()


@pytest.fixture
def oystre(municipalities, roles) -> Municipality:
    return municipalities["oystre-slidre"]


@pytest.fixture
def toten(municipalities, roles) -> Municipality:
    return municipalities["vestre-toten"]


@pytest.fixture
def coordinator(oystre):
    return make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale="nn")

"""Demo volunteers, places, tasks, interest and hours in Øystre Slidre and Vestre Toten."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from webapp import clock
from webapp.accounts.demo import DEMO_PASSWORD
from webapp.accounts.models import Role, User
from webapp.accounts.passwords import hash_password
from webapp.accounts.services import find_by_email, grant_role
from webapp.clock import local_datetime
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.services import get_by_slug
from webapp.transactions import atomic
from webapp.volunteers.models import (
    Assignment,
    AssignmentState,
    AvailabilitySlot,
    HourLog,
    HourStatus,
    Interest,
    Place,
    Task,
    TaskKind,
    TaskStatus,
    Volunteer,
    VolunteerStatus,
)
from webapp.volunteers.services import DECLARATION_VERSION, centre, ensure_roles
from webapp.volunteers.tasks import person_ref

# Approximate centres of tettstader and grender, enough for distances.
PLACES = {
    "oystre-slidre": [
        ("Heggenes", 61.149, 9.064),
        ("Beitostølen", 61.247, 8.910),
        ("Rogne", 61.098, 9.020),
        ("Skammestein", 61.186, 9.023),
        ("Volbu", 61.113, 9.077),
        ("Tingvoll", 61.160, 9.046),
    ],
    "vestre-toten": [
        ("Raufoss", 60.726, 10.612),
        ("Reinsvoll", 60.681, 10.621),
        ("Bøverbru", 60.638, 10.670),
        ("Eina", 60.631, 10.604),
    ],
}

# e-mail, name, municipality, place, status, roles, languages, car, politiattest
PEOPLE = [
    (
        "frivillig@demo.example",
        "Frode Frivillig",
        "oystre-slidre",
        "Heggenes",
        VolunteerStatus.APPROVED,
        ["escort", "visiting_friend", "driver"],
        ["nb", "en"],
        True,
        False,
    ),
    (
        "marit.frivillig@demo.example",
        "Marit Rogne",
        "oystre-slidre",
        "Rogne",
        VolunteerStatus.APPROVED,
        ["chair_dance", "group_companion", "musician"],
        ["nb"],
        False,
        True,
    ),
    (
        "olav.frivillig@demo.example",
        "Olav Bakken",
        "oystre-slidre",
        "Beitostølen",
        VolunteerStatus.ONBOARDING,
        ["walking_friend", "digital_helper"],
        ["nb", "en", "de"],
        True,
        False,
    ),
    (
        "solveig.frivillig@demo.example",
        "Solveig Haugen",
        "oystre-slidre",
        "Volbu",
        VolunteerStatus.PENDING,
        ["waffle_baker"],
        ["nb"],
        False,
        False,
    ),
    (
        "ivar.frivillig@demo.example",
        "Ivar Nystuen",
        "oystre-slidre",
        "Tingvoll",
        VolunteerStatus.PAUSED,
        ["visiting_friend"],
        ["nb"],
        False,
        False,
    ),
    (
        "berit.frivillig@demo.example",
        "Berit Holm",
        "vestre-toten",
        "Raufoss",
        VolunteerStatus.APPROVED,
        ["escort", "digital_helper"],
        ["nb", "pl"],
        True,
        False,
    ),
    (
        "jon.frivillig@demo.example",
        "Jon Lien",
        "vestre-toten",
        "Eina",
        VolunteerStatus.PENDING,
        ["day_centre_helper"],
        ["nb"],
        False,
        False,
    ),
]


def _next(weekday: int, at: time, weeks: int = 0):
    today = clock.today()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7, weeks=weeks)
    return local_datetime(day, at)


def _places() -> dict[tuple[str, str], Place]:
    out = {}
    for slug, rows in PLACES.items():
        municipality = get_by_slug(slug)
        if municipality is None:
            continue
        for name, lat, lon in rows:
            place = db.session.scalar(select(Place).filter_by(municipality_id=municipality.id, name=name))
            if place is None:
                place = Place(municipality_id=municipality.id, name=name, lat=lat, lon=lon)
                db.session.add(place)
            out[(slug, name)] = place
    db.session.flush()
    return out


def _volunteers(places: dict) -> dict[str, Volunteer]:
    now, out, password = utcnow(), {}, None
    for email, name, slug, place, status, roles, langs, car, attest in PEOPLE:
        municipality = get_by_slug(slug)
        unit = centre(municipality) if municipality else None
        if unit is None:
            continue
        user = find_by_email(email)
        if user is None:
            password = password or hash_password(DEMO_PASSWORD)
            user = User(
                email=email,
                name=name,
                password_hash=password,
                email_confirmed_at=now,
                locale=municipality.default_locale,
                home_municipality_id=municipality.id,
            )
            db.session.add(user)
            db.session.flush()
        grant_role(user, Role.CITIZEN)
        grant_role(user, Role.VOLUNTEER, municipality.id)
        volunteer = db.session.scalar(select(Volunteer).filter_by(user_id=user.id, municipality_id=municipality.id))
        if volunteer is None:
            onboarded = status in (VolunteerStatus.APPROVED, VolunteerStatus.PAUSED, VolunteerStatus.ONBOARDING)
            volunteer = Volunteer(
                user_id=user.id,
                municipality_id=municipality.id,
                unit_id=unit.id,
                status=status,
                roles=roles,
                languages=langs,
                place_id=places[(slug, place)].id,
                max_travel_km=20,
                has_car=car,
                has_licence=car,
                wants="both",
                birth_year=1958,
                consent_at=now,
                skills="",
                intro_done_on=now.date() - timedelta(days=30) if onboarded else None,
                declaration_version=DECLARATION_VERSION if onboarded else "",
                declaration_signed_at=now - timedelta(days=29) if onboarded else None,
                politiattest_seen_on=now.date() - timedelta(days=28) if attest else None,
                approved_at=now - timedelta(days=27) if status != VolunteerStatus.ONBOARDING and onboarded else None,
                slots=[AvailabilitySlot(weekday=d, start_minute=8 * 60, end_minute=16 * 60) for d in range(5)],
            )
            db.session.add(volunteer)
        out[email] = volunteer
    db.session.flush()
    return out


def _task(slug: str, title: str, **values) -> Task | None:
    municipality = get_by_slug(slug)
    if municipality is None:
        return None
    task = db.session.scalar(select(Task).filter_by(municipality_id=municipality.id, title=title))
    if task is None:
        task = Task(municipality_id=municipality.id, title=title, **values)
        task.person_ref = person_ref(task.person_name or "", task.person_phone or "")
        db.session.add(task)
        db.session.flush()
    return task


@atomic()
def load() -> list[str]:
    ensure_roles()
    places = _places()
    volunteers = _volunteers(places)
    if not volunteers:
        return ["volunteers: no volunteer centres, nothing loaded"]
    visit = _task(
        "oystre-slidre",
        "Besøksven for Anna på Rogne",
        kind=TaskKind.STANDING,
        role_code="visiting_friend",
        starts_at=_next(1, time(11)),
        duration_minutes=90,
        repeat_until=date(utcnow().year + 1, 6, 30),
        place_id=places[("oystre-slidre", "Rogne")].id,
        person_name="Anna",
        person_phone="",
        need_to_know="Likar å gå ein kort tur og prate om gamle dagar. Ringer på to gonger.",
    )
    _task(
        "oystre-slidre",
        "Følgje til legekontoret på Heggenes",
        kind=TaskKind.ONE_OFF,
        role_code="escort",
        starts_at=_next(1, time(10)),
        duration_minutes=90,
        place_id=places[("oystre-slidre", "Heggenes")].id,
        address="Heggenes legekontor",
        person_name="Knut",
        person_phone="41234567",
        needs_car=True,
        need_to_know="Treng skyss og nokon å gå saman med inn. Brukar stokk.",
    )
    dance = _task(
        "oystre-slidre",
        "Sittedans på helsetunet",
        kind=TaskKind.OFFER_HELPER,
        role_code="chair_dance",
        starts_at=_next(3, time(13)),
        duration_minutes=60,
        place_id=places[("oystre-slidre", "Heggenes")].id,
        address="Øystre Slidre helsetun",
        offer_ref="Sittedans",
    )
    _task(
        "oystre-slidre",
        "Vaflar til Lokkarkaffe",
        kind=TaskKind.OFFER_HELPER,
        role_code="waffle_baker",
        starts_at=_next(2, time(12)),
        duration_minutes=120,
        place_id=places[("oystre-slidre", "Heggenes")].id,
        address="Treffpunkt Heggenes",
    )
    _task(
        "vestre-toten",
        "Følge til Bøverbru legekontor",
        kind=TaskKind.ONE_OFF,
        role_code="escort",
        starts_at=_next(0, time(9)),
        duration_minutes=60,
        place_id=places[("vestre-toten", "Bøverbru")].id,
        address="Bøverbru legekontor",
        person_name="Gunnar",
        person_phone="98765432",
        needs_car=True,
        need_to_know="Trenger skyss tur-retur.",
    )
    frode = volunteers.get("frivillig@demo.example")
    marit = volunteers.get("marit.frivillig@demo.example")
    if frode and visit and not visit.assignments:
        visit.assignments.append(
            Assignment(
                volunteer=frode,
                state=AssignmentState.CONFIRMED,
                proposed_at=utcnow() - timedelta(days=20),
                answered_at=utcnow() - timedelta(days=19),
            )
        )
        visit.status = TaskStatus.FILLED
        db.session.add(
            HourLog(
                volunteer=frode,
                task=visit,
                day=clock.today() - timedelta(days=7),
                minutes=90,
                status=HourStatus.APPROVED,
                decided_at=utcnow(),
                note="Tur og kaffi",
            )
        )
        db.session.add(
            HourLog(
                volunteer=frode,
                task=visit,
                day=clock.today() - timedelta(days=1),
                minutes=120,
                note="Handla saman",
            )
        )
    if marit and dance and not db.session.scalar(select(Interest).filter_by(volunteer_id=marit.id)):
        db.session.add(Interest(volunteer=marit, task=dance, created_at=utcnow() - timedelta(days=5)))
    return [f"volunteers: {len(volunteers)} volunteers, places and tasks in Øystre Slidre and Vestre Toten"]

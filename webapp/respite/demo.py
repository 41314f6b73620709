"""Respite demo data: places at the seed municipalities' units, school holidays, a few decisions
and bookings so the calendars are alive. Safe to run again (looked up by natural keys)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from webapp import clock
from webapp.accounts.models import Role, User
from webapp.accounts.services import find_by_email, grant_role
from webapp.extensions import db
from webapp.municipalities.models import Unit, UnitKind
from webapp.municipalities.services import get_by_slug
from webapp.respite.models import (
    Application,
    ApplicationEvent,
    Booking,
    CapacityPeriod,
    CareReceiver,
    Decision,
    DecisionRelative,
    RespiteKind,
    RespiteUnit,
    SchoolHoliday,
    StaffUnit,
)
from webapp.transactions import atomic

MOVE_DAY = date(2028, 1, 1)  # Vestre Toten moves its 4 respite beds from Gimle to the new care centre
NEW_CENTRE = "Det nye omsorgssenteret"

# (municipality, unit name, kind, places, capacity changes (from, places, note))
UNITS = [
    (
        "vestre-toten",
        "Gimle sykehjem",
        RespiteKind.INSTITUTION,
        4,
        [(MOVE_DAY, 0, "Avlastningsplassene flyttes til det nye omsorgssenteret.")],
    ),
    (
        "vestre-toten",
        NEW_CENTRE,
        RespiteKind.INSTITUTION,
        0,
        [(MOVE_DAY, 4, "De fire avlastningsplassene fra Gimle sykehjem flyttes hit.")],
    ),
    ("vestre-toten", "Lundersveg dag- og avlastningssenter", RespiteKind.CHILD_HOME, 6, []),
    ("oystre-slidre", "Øystre Slidre helsetun", RespiteKind.INSTITUTION, 3, []),
    ("oystre-slidre", "Barneavlastinga", RespiteKind.CHILD_HOME, 4, []),
    ("midtre-gauldal", "Avlastningsboligen for barn og unge", RespiteKind.CHILD_HOME, 4, []),
]

# Each municipality names its school holidays in its own standard: (bokmål, nynorsk).
HOLIDAYS = [
    (("Juleferie", "Juleferie"), date(2026, 12, 21), date(2027, 1, 1)),
    (("Vinterferie", "Vinterferie"), date(2027, 2, 22), date(2027, 2, 26)),
    (("Påskeferie", "Påskeferie"), date(2027, 3, 22), date(2027, 3, 29)),
    (("Sommerferie", "Sommarferie"), date(2027, 6, 21), date(2027, 8, 13)),
]

# (municipality, unit, person, birth year, relative e-mail or None, quota, unit, period kind, days,
#  bookings as (days from today, nights))
DECISIONS = [
    (
        "oystre-slidre",
        "Øystre Slidre helsetun",
        "Ragnhild Haugen",
        1937,
        "parorende@demo.example",
        4,
        "nights",
        "rolling",
        28,
        [(9, 2)],
    ),
    ("oystre-slidre", "Øystre Slidre helsetun", "Knut Bøe", 1941, None, 4, "nights", "rolling", 28, [(3, 3), (10, 2)]),
    ("oystre-slidre", "Barneavlastinga", "Sigrid Rye", 2014, None, 2, "weekends", "month", 0, []),
    ("vestre-toten", "Gimle sykehjem", "Arne Dahl", 1935, None, 6, "nights", "month", 0, [(2, 4), (14, 3)]),
    ("vestre-toten", "Gimle sykehjem", "Else Berg", 1940, None, 4, "nights", "rolling", 28, [(3, 2), (5, 2)]),
    (
        "vestre-toten",
        "Lundersveg dag- og avlastningssenter",
        "Emil Moen",
        2011,
        None,
        8,
        "nights",
        "month",
        0,
        [(4, 3), (18, 2)],
    ),
    (
        "midtre-gauldal",
        "Avlastningsboligen for barn og unge",
        "Jonas Lien",
        2012,
        None,
        6,
        "nights",
        "month",
        0,
        [(6, 2), (20, 3)],
    ),
]


def _respite_unit(municipality_id: int, name: str) -> RespiteUnit | None:
    return db.session.scalar(
        select(RespiteUnit)
        .join(Unit, Unit.id == RespiteUnit.unit_id)
        .where(Unit.municipality_id == municipality_id, Unit.name == name)
    )


def _load_new_centre() -> None:
    """The care centre Vestre Toten builds: not among the foundation's units, so respite adds it."""
    municipality = get_by_slug("vestre-toten")
    if (
        municipality is not None
        and db.session.scalar(select(Unit).filter_by(municipality_id=municipality.id, name=NEW_CENTRE)) is None
    ):
        db.session.add(Unit(municipality_id=municipality.id, kind=UnitKind.CARE_HOME, name=NEW_CENTRE))
        db.session.flush()


def _load_units() -> int:
    _load_new_centre()
    count = 0
    for slug, name, kind, places, changes in UNITS:
        municipality = get_by_slug(slug)
        unit = db.session.scalar(select(Unit).filter_by(municipality_id=municipality.id, name=name))
        if unit is None or _respite_unit(municipality.id, name) is not None:
            continue
        respite_unit = RespiteUnit(unit=unit, kind=kind)
        respite_unit.capacities.append(CapacityPeriod(valid_from=date(2026, 1, 1), places=places))
        for valid_from, new_places, note in changes:
            respite_unit.capacities.append(CapacityPeriod(valid_from=valid_from, places=new_places, note=note))
        db.session.add(respite_unit)
        count += 1
    db.session.flush()
    return count


def _load_holidays() -> None:
    for slug in ("oystre-slidre", "vestre-toten", "midtre-gauldal"):
        municipality = get_by_slug(slug)
        for names, start, end in HOLIDAYS:
            name = names[1] if municipality.default_locale == "nn" else names[0]
            if (
                db.session.scalar(
                    select(SchoolHoliday).filter_by(municipality_id=municipality.id, name=name, start=start)
                )
                is None
            ):
                db.session.add(SchoolHoliday(municipality_id=municipality.id, name=name, start=start, end=end))


def _load_decisions(today: date) -> int:
    count = 0
    for slug, unit_name, person, born, email, amount, quota_unit, period_kind, days, bookings in DECISIONS:
        municipality = get_by_slug(slug)
        unit = _respite_unit(municipality.id, unit_name)
        if (
            unit is None
            or db.session.scalar(select(CareReceiver).filter_by(municipality_id=municipality.id, name=person))
            is not None
        ):
            continue
        decision = Decision(
            municipality_id=municipality.id,
            kind=unit.kind,
            quota_amount=amount,
            quota_unit=quota_unit,
            period_kind=period_kind,
            period_days=days or 28,
            valid_from=today - timedelta(days=14),
            valid_to=today + timedelta(days=351),
            horizon_days=90,
            cancel_hours=48,
            max_stay=7,
            needs_approval=False,
        )
        decision.care_receiver = CareReceiver(municipality_id=municipality.id, name=person, birth_year=born)
        decision.units = [unit]
        relative = find_by_email(email) if email else None
        if relative is not None:
            decision.relatives.append(
                DecisionRelative(
                    user=relative,
                    consent_given_by=person,
                    consent_date=today - timedelta(days=20),
                    consent_method="written",
                )
            )
            grant_role(relative, Role.RELATIVE, municipality.id)
        db.session.add(decision)
        db.session.flush()
        for offset, nights in bookings:
            arrival = today + timedelta(days=offset)
            db.session.add(
                Booking(
                    decision_id=decision.id,
                    respite_unit_id=unit.id,
                    arrival=arrival,
                    departure=arrival + timedelta(days=nights),
                    status="confirmed",
                    booked_by_id=relative.id if relative else None,
                )
            )
        count += 1
    return count


def _load_people() -> None:
    officer = find_by_email("tildeling@demo.example")
    staff = find_by_email("enhet@demo.example")
    oystre_slidre = get_by_slug("oystre-slidre")
    if officer is not None:
        grant_role(officer, Role.ALLOCATION_OFFICER, oystre_slidre.id)
    if staff is not None:
        grant_role(staff, Role.UNIT_STAFF, oystre_slidre.id)
        for slug, name in (
            ("vestre-toten", "Gimle sykehjem"),
            ("vestre-toten", "Lundersveg dag- og avlastningssenter"),
            ("oystre-slidre", "Øystre Slidre helsetun"),
        ):
            unit = _respite_unit(get_by_slug(slug).id, name)
            if (
                unit is not None
                and db.session.scalar(select(StaffUnit).filter_by(user_id=staff.id, respite_unit_id=unit.id)) is None
            ):
                db.session.add(StaffUnit(user_id=staff.id, respite_unit_id=unit.id))


def _load_application() -> None:
    applicant: User | None = find_by_email("innbygger@demo.example")
    municipality = get_by_slug("oystre-slidre")
    if applicant is None or db.session.scalar(select(Application).filter_by(applicant_id=applicant.id)):
        return
    application = Application(
        municipality_id=municipality.id,
        applicant_id=applicant.id,
        receiver_name="Olav Innbyggjar",
        receiver_birth_year=1939,
        relation="ektemann",
        care_work="Eg hjelper han med påkledning, mat og medisinar, og er vaken om natta.",
        hours_per_week="gt40",
        what_would_help="Nokre døgn fri i månaden.",
        kind_wanted=RespiteKind.INSTITUTION,
        consent="self",
        consent_by="Olav Innbyggjar",
    )
    application.events.append(ApplicationEvent(status="received", by_id=applicant.id))
    db.session.add(application)


@atomic()
def load() -> list[str]:
    today = clock.today()
    units = _load_units()
    _load_holidays()
    decisions = _load_decisions(today)
    _load_people()
    _load_application()
    return [f"respite: {units} units with places, {decisions} decisions"]

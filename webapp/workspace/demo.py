"""Something waiting on each demo person's start page. Runs after the domains' own demo data and
only adds to it; every row is looked up by a natural key first, so loading twice changes nothing.
(Demo data only: the workspace itself reads respite through respite's query functions.)"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from webapp import clock
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.services import get_by_slug
from webapp.offers.models import Offer, SignUp, SignUpStatus
from webapp.respite.models import (
    Application,
    ApplicationEvent,
    Booking,
    BookingStatus,
    CareReceiver,
    Decision,
    RespiteKind,
)
from webapp.transactions import atomic

GROUP = "Sterk og stødig – Rogne"
PARTICIPANTS = [
    "Astrid Rogne",
    "Bjørg Hovda",
    "Einar Brenna",
    "Gudrun Lie",
    "Halvor Moen",
    "Ingeborg Kvam",
    "Johannes Fosse",
    "Kari Belsheim",
    "Magnhild Sæbu",
    "Nils Tveit",
    "Oddny Hegge",
    "Reidar Viste",
]
WAITING = ["Sigrun Bakke", "Torleiv Grøv"]


def _group_signups() -> int:
    municipality = get_by_slug("oystre-slidre")
    offer = db.session.scalar(select(Offer).filter_by(municipality_id=municipality.id, title_nb=GROUP))
    if offer is None:
        return 0
    added = 0
    people = [(name, SignUpStatus.CONFIRMED) for name in PARTICIPANTS] + [
        (name, SignUpStatus.WAITING) for name in WAITING
    ]
    for n, (name, status) in enumerate(people, start=1):
        if db.session.scalar(select(SignUp).filter_by(offer_id=offer.id, name=name)) is None:
            db.session.add(
                SignUp(
                    offer_id=offer.id,
                    name=name,
                    phone=f"400 00 {n:03d}",
                    locale="nn",
                    status=status.value,
                    created_at=utcnow() - timedelta(days=30 - n),
                )
            )
            added += 1
    return added


def _draft() -> None:
    municipality = get_by_slug("oystre-slidre")
    title = "Strikkekafé på Heggenes"
    if db.session.scalar(select(Offer).filter_by(municipality_id=municipality.id, title_nb=title)) is None:
        db.session.add(
            Offer(
                municipality_id=municipality.id,
                title_nb=title,
                title_nn="",
                category="cafe",
                published=False,
                description_nb="Vi strikker, prater og drikker kaffe sammen annenhver torsdag.",
                description_nn="",
            )
        )


def _respite() -> None:
    municipality = get_by_slug("vestre-toten")
    today = clock.today()
    decision = db.session.scalar(
        select(Decision)
        .join(CareReceiver)
        .where(Decision.municipality_id == municipality.id, CareReceiver.name == "Arne Dahl")
    )
    if (
        decision is not None
        and decision.units
        and db.session.scalar(select(Booking).filter_by(decision_id=decision.id, status=BookingStatus.PENDING.value))
        is None
    ):
        unit = decision.units[0]
        db.session.add_all(
            [
                Booking(
                    decision_id=decision.id,
                    respite_unit_id=unit.id,
                    arrival=today + timedelta(days=9),
                    departure=today + timedelta(days=11),
                    status=BookingStatus.PENDING.value,
                ),
                Booking(
                    decision_id=decision.id,
                    respite_unit_id=unit.id,
                    arrival=today,
                    departure=today + timedelta(days=1),
                    status=BookingStatus.CONFIRMED.value,
                ),
            ]
        )
    name = "Gunnar Lien"
    if db.session.scalar(select(Application).filter_by(municipality_id=municipality.id, receiver_name=name)) is None:
        application = Application(
            municipality_id=municipality.id,
            receiver_name=name,
            receiver_birth_year=1936,
            relation="datter",
            care_work="Jeg hjelper far med mat, medisiner og tilsyn flere ganger om dagen.",
            hours_per_week="20-40",
            what_would_help="Noen døgn avlastning i måneden.",
            kind_wanted=RespiteKind.INSTITUTION.value,
            consent="self",
            consent_by=name,
        )
        application.events.append(ApplicationEvent(status="received"))
        db.session.add(application)


@atomic()
def load() -> list[str]:
    added = _group_signups()
    _draft()
    _respite()
    return [f"workspace: {added} sign-ups, a draft offer, a booking to approve and an application"]

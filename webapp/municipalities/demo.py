"""The five seed municipalities, the Valdres region, and their main units."""

from __future__ import annotations

from sqlalchemy import select

from webapp.extensions import db
from webapp.municipalities.models import Municipality, Region, Unit, UnitKind
from webapp.transactions import atomic

REGIONS = [{"slug": "valdres", "name": "Valdres", "default_locale": "nb"}]

MUNICIPALITIES = [
    {
        "slug": "gausdal",
        "name": "Gausdal",
        "number": "3441",
        "default_locale": "nb",
        "contact_email": "postmottak@gausdal.kommune.no",
        "contact_phone": "61 22 40 00",
        "address": "Kommunehuset, Segalstad bru",
        "region": None,
    },
    {
        "slug": "midtre-gauldal",
        "name": "Midtre Gauldal",
        "number": "5027",
        "default_locale": "nb",
        "contact_email": "postmottak@mgk.no",
        "contact_phone": "72 40 30 00",
        "address": "Rådhuset, Støren",
        "region": None,
    },
    {
        "slug": "nord-aurdal",
        "name": "Nord-Aurdal",
        "number": "3451",
        "default_locale": "nb",
        "contact_email": "postmottak@nord-aurdal.kommune.no",
        "contact_phone": "61 34 10 00",
        "address": "Kommunehuset, Fagernes",
        "region": "valdres",
    },
    {
        "slug": "oystre-slidre",
        "name": "Øystre Slidre",
        "number": "3453",
        "default_locale": "nn",
        "contact_email": "postmottak@oystre-slidre.kommune.no",
        "contact_phone": "61 35 25 00",
        "address": "Kommunehuset, Heggenes",
        "region": "valdres",
    },
    {
        "slug": "vestre-toten",
        "name": "Vestre Toten",
        "number": "3443",
        "default_locale": "nb",
        "contact_email": "postmottak@vestre-toten.kommune.no",
        "contact_phone": "61 15 33 00",
        "address": "Rådhuset, Raufoss",
        "region": None,
    },
]

UNITS: dict[str, list[dict[str, str]]] = {
    "gausdal": [
        {"kind": UnitKind.VOLUNTEER_CENTRE, "name": "Gausdal frivilligsentral", "address": "Segalstad bru"},
        {
            "kind": UnitKind.HEALTHY_LIFE_CENTRE,
            "name": "Frisklivssentralen i Gausdal",
            "address": "Forsettunet, Forset",
        },
        {"kind": UnitKind.CARE_HOME, "name": "Forsettunet", "address": "Forset"},
        {
            "kind": UnitKind.ALLOCATION_OFFICE,
            "name": "Tildelingskontoret i Gausdal",
            "address": "Kommunehuset, Segalstad bru",
            "phone": "61 22 40 00",
        },
    ],
    "midtre-gauldal": [
        {"kind": UnitKind.VOLUNTEER_CENTRE, "name": "Midtre Gauldal frivilligsentral", "address": "Støren"},
        {"kind": UnitKind.HEALTHY_LIFE_CENTRE, "name": "Frisklivssentralen i Midtre Gauldal", "address": "Støren"},
        {"kind": UnitKind.RESPITE_HOME, "name": "Avlastningsboligen for barn og unge", "address": "Støren"},
        {
            "kind": UnitKind.ALLOCATION_OFFICE,
            "name": "Helse- og velferdskontoret",
            "address": "Rådhuset, Støren",
            "phone": "72 40 30 00",
        },
    ],
    "nord-aurdal": [
        {"kind": UnitKind.VOLUNTEER_CENTRE, "name": "Nord-Aurdal frivilligsentral", "address": "Fagernes"},
        {"kind": UnitKind.HEALTHY_LIFE_CENTRE, "name": "Frisklivssentralen i Nord-Aurdal", "address": "Fagernes"},
        {"kind": UnitKind.CARE_HOME, "name": "Aurdal omsorgssenter", "address": "Aurdal"},
        {
            "kind": UnitKind.ALLOCATION_OFFICE,
            "name": "Tildelingskontoret i Nord-Aurdal",
            "address": "Kommunehuset, Fagernes",
            "phone": "61 34 10 00",
        },
    ],
    "oystre-slidre": [
        {"kind": UnitKind.VOLUNTEER_CENTRE, "name": "Øystre Slidre frivilligsentral", "address": "Heggenes"},
        {
            "kind": UnitKind.HEALTHY_LIFE_CENTRE,
            "name": "Frisklivssentralen i Øystre Slidre",
            "address": "Moavegen 25, Heggenes",
        },
        {"kind": UnitKind.CARE_HOME, "name": "Øystre Slidre helsetun", "address": "Moavegen 25, Heggenes"},
        {"kind": UnitKind.RESPITE_HOME, "name": "Barneavlastinga", "address": "Heggenes"},
        {
            "kind": UnitKind.ALLOCATION_OFFICE,
            "name": "Tildelingskontoret i Øystre Slidre",
            "address": "Kommunehuset, Heggenes",
            "phone": "61 35 25 00",
        },
    ],
    "vestre-toten": [
        {"kind": UnitKind.VOLUNTEER_CENTRE, "name": "Vestre Toten frivilligsentral", "address": "Raufoss"},
        {
            "kind": UnitKind.HEALTHY_LIFE_CENTRE,
            "name": "Frisklivssentralen i Vestre Toten",
            "address": "Raufosstun helsehus, Raufoss",
        },
        {"kind": UnitKind.CARE_HOME, "name": "Gimle sykehjem", "address": "Bøverbru"},
        {"kind": UnitKind.DAY_CENTRE, "name": "Lundersveg dag- og avlastningssenter", "address": "Raufoss"},
        {
            "kind": UnitKind.ALLOCATION_OFFICE,
            "name": "Tildeling og koordinering",
            "address": "Rådhuset, Raufoss",
            "phone": "61 15 33 00",
        },
    ],
}


def _upsert(model, key: dict, values: dict):
    row = db.session.scalar(select(model).filter_by(**key))
    if row is None:
        row = model(**key)
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    return row


@atomic()
def load() -> list[str]:
    regions = {r["slug"]: _upsert(Region, {"slug": r["slug"]}, r) for r in REGIONS}
    db.session.flush()
    for data in MUNICIPALITIES:
        values = {k: v for k, v in data.items() if k != "region"}
        values["region"] = regions.get(data["region"]) if data["region"] else None
        municipality = _upsert(Municipality, {"slug": data["slug"]}, values)
        db.session.flush()
        for unit in UNITS[data["slug"]]:
            _upsert(
                Unit, {"municipality_id": municipality.id, "name": unit["name"]}, {**unit, "kind": str(unit["kind"])}
            )
    return [f"{len(MUNICIPALITIES)} municipalities, {len(REGIONS)} region"]

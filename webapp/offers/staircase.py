"""Each municipality's own staircase (meistringstrapp / innsatstrapp), as data.

Tuples: (title_nb, title_nn, needs_decision). Levels that need a decision (vedtak) are the ones the
allocation office grants; the guide sends people there when their answers point that way."""

from __future__ import annotations

from sqlalchemy import select

from webapp.extensions import db
from webapp.municipalities.services import get_by_slug
from webapp.offers.models import StaircaseLevel

LEVELS: dict[str, list[tuple[str, str, bool]]] = {
    "gausdal": [
        ("Jeg klarer meg selv, uten tjenester fra kommunen", "Eg klarer meg sjølv, utan tenester frå kommunen", False),
        (
            "Informasjon, råd og veiledning: frisklivssentral, familieteam, frivillige og lag",
            "Informasjon, råd og rettleiing: frisklivssentral, familieteam, frivillige og lag",
            False,
        ),
        ("Tjenester med vedtak i eget hjem", "Tenester med vedtak i eigen heim", True),
        ("Tjenester med vedtak i tilrettelagt bolig", "Tenester med vedtak i tilrettelagd bustad", True),
        (
            "Tjenester med vedtak i institusjon, for de sykeste",
            "Tenester med vedtak på institusjon, for dei sjukaste",
            True,
        ),
    ],
    "midtre-gauldal": [
        ("Jeg klarer meg ganske godt selv", "Eg klarer meg ganske godt sjølv", False),
        ("Jeg klarer meg selv med litt hjelp", "Eg klarer meg sjølv med litt hjelp", False),
        ("Jeg klarer meg selv med noe hjelp i eget hjem", "Eg klarer meg sjølv med noko hjelp i eigen heim", True),
        (
            "Jeg klarer mye selv, men har behov for mer hjelp i perioder",
            "Eg klarer mykje sjølv, men treng meir hjelp i periodar",
            True,
        ),
        (
            "Jeg ønsker å klare mye selv, men trenger hjelp det meste av tiden",
            "Eg vil klare mykje sjølv, men treng hjelp det meste av tida",
            True,
        ),
    ],
    "nord-aurdal": [
        ("Hverdagsmestring: jeg klarer meg selv", "Kvardagsmeistring: eg klarer meg sjølv", False),
        ("Lavterskeltilbud og forebygging", "Lågterskeltilbod og førebygging", False),
        ("Hverdagsrehabilitering og velferdsteknologi", "Kvardagsrehabilitering og velferdsteknologi", True),
        ("Hjemmetjenester og dagtilbud", "Heimetenester og dagtilbod", True),
        ("Opphold i institusjon", "Opphald på institusjon", True),
    ],
    "oystre-slidre": [
        ("Eget ansvar og et aktivt lokalsamfunn", "Eige ansvar og eit aktivt lokalsamfunn", False),
        ("Lavterskeltilbud og forebygging", "Lågterskeltilbod og førebygging", False),
        ("Tidlig innsats og hverdagsrehabilitering", "Tidleg innsats og kvardagsrehabilitering", True),
        ("Hjemmetjenester og dagtilbud", "Heimetenester og dagtilbod", True),
        ("Korttidsopphold og rehabilitering", "Korttidsopphald og rehabilitering", True),
        ("Langtidsopphold og tilrettelagt bolig", "Langtidsopphald og tilrettelagd bustad", True),
    ],
    "vestre-toten": [
        ("Aktivt lokalsamfunn", "Aktivt lokalsamfunn", False),
        ("Helsefremmende aktivitet", "Helsefremjande aktivitet", False),
        ("Forebyggende lavterskeltilbud", "Førebyggjande lågterskeltilbod", False),
        ("Arbeids- og aktivitetstilbud", "Arbeids- og aktivitetstilbod", False),
        ("Velferdsteknologi og hjelpemidler", "Velferdsteknologi og hjelpemiddel", True),
        ("Hverdagsrehabilitering", "Kvardagsrehabilitering", True),
        ("Dagtilbud og avlastning", "Dagtilbod og avlasting", True),
        ("Praktisk bistand og hjemmesykepleie", "Praktisk bistand og heimesjukepleie", True),
        ("Omsorgsbolig og samlokaliserte boliger", "Omsorgsbustad og samlokaliserte bustader", True),
        ("Bolig med heldøgns tjenester", "Bustad med heildøgnstenester", True),
        ("Korttidsopphold i institusjon", "Korttidsopphald på institusjon", True),
        ("Langtidsopphold i sykehjem", "Langtidsopphald på sjukeheim", True),
    ],
}


def load_levels() -> int:
    count = 0
    for slug, levels in LEVELS.items():
        municipality = get_by_slug(slug)
        if municipality is None:
            continue
        for rank, (title_nb, title_nn, needs_decision) in enumerate(levels, start=1):
            level = db.session.scalar(select(StaircaseLevel).filter_by(municipality_id=municipality.id, rank=rank))
            if level is None:
                level = StaircaseLevel(municipality_id=municipality.id, rank=rank)
                db.session.add(level)
            level.title_nb, level.title_nn, level.needs_decision = title_nb, title_nn, needs_decision
            count += 1
    db.session.flush()
    return count

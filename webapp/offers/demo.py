"""Demo offers from the seed plans, with invented but plausible times and places."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from webapp.extensions import db
from webapp.municipalities.demo import _upsert  # the same look-up-or-insert by natural key
from webapp.municipalities.services import get_by_slug
from webapp.offers.models import (
    Location,
    Offer,
    Organization,
    Schedule,
    StaircaseLevel,
)
from webapp.offers.recurrence import build_rrule
from webapp.offers.services import reindex
from webapp.offers.staircase import load_levels
from webapp.transactions import atomic

FIRST = date(2026, 1, 5)
HOLIDAYS_2026 = "2026-03-30,2026-03-31,2026-04-01"  # the week before Easter: the groups have a break

# slug → [(name, kind, phone, email)]
ORGANIZATIONS = {
    "oystre-slidre": [
        (
            "Frisklivssentralen i Øystre Slidre",
            "municipality",
            "61 35 25 00",
            "frisklivssentralen@oystre-slidre.kommune.no",
        ),
        (
            "Øystre Slidre frivilligsentral",
            "volunteer_centre",
            "61 35 25 60",
            "frivilligsentralen@oystre-slidre.kommune.no",
        ),
        ("Øystre Slidre kommune", "municipality", "61 35 25 00", "postmottak@oystre-slidre.kommune.no"),
    ],
    "vestre-toten": [
        ("Vestre Toten kommune", "municipality", "61 15 33 00", "postmottak@vestre-toten.kommune.no"),
        ("Vestre Toten frivilligsentral", "volunteer_centre", "61 15 34 50", ""),
        ("Raufoss Røde Kors", "red_cross", "61 19 00 00", ""),
    ],
    "nord-aurdal": [("Frisklivssentralen i Nord-Aurdal", "municipality", "61 34 10 00", "")],
    "gausdal": [("Gausdal frivilligsentral", "volunteer_centre", "61 22 40 00", "")],
    "midtre-gauldal": [
        ("Midtre Gauldal frivilligsentral", "volunteer_centre", "72 40 30 00", ""),
        ("Støren idrettslag", "association", "72 43 10 00", ""),
    ],
}

# slug → [(name, address, postal_code, city, place, step_free, hearing_loop, transport_nb, transport_nn)]
LOCATIONS = {
    "oystre-slidre": [
        (
            "Øystre Slidre helsetun",
            "Moavegen 25",
            "2940",
            "Heggenes",
            "Heggenes",
            True,
            True,
            "Buss til Heggenes sentrum, 200 meter å gå. Parkering ved inngangen.",
            "Buss til Heggenes sentrum, 200 meter å gå. Parkering ved inngangen.",
        ),
        (
            "Beitostølen helsesportssenter, gymsal",
            "Beitostølen",
            "2953",
            "Beitostølen",
            "Beitostølen",
            True,
            False,
            "Valdresekspressen stopper 300 meter unna.",
            "Valdresekspressen stoppar 300 meter unna.",
        ),
        (
            "Tingvoll grendehus",
            "Tingvollvegen 12",
            "2940",
            "Heggenes",
            "Tingvoll",
            False,
            False,
            "Tre trappetrinn ved inngangen. Spør om skyss hos frivilligsentralen.",
            "Tre trappesteg ved inngangen. Spør om skyss hos frivilligsentralen.",
        ),
        (
            "Rogne samfunnshus",
            "Rognevegen 4",
            "2954",
            "Rogne",
            "Rogne",
            True,
            False,
            "Parkering ved huset.",
            "Parkering ved huset.",
        ),
    ],
    "vestre-toten": [
        (
            "Gimle",
            "Bøverbruvegen 30",
            "2846",
            "Bøverbru",
            "Bøverbru",
            True,
            True,
            "Kommunen ordner transport for dem med vedtak.",
            "Kommunen ordnar transport for dei med vedtak.",
        ),
        (
            "Lundersveg dag- og avlastningssenter",
            "Lundersvegen 2",
            "2830",
            "Raufoss",
            "Raufoss",
            True,
            False,
            "Kommunen ordner transport for dem med vedtak.",
            "Kommunen ordnar transport for dei med vedtak.",
        ),
        (
            "HUSET",
            "Storgata 10",
            "2830",
            "Raufoss",
            "Raufoss",
            False,
            False,
            "Fem minutter å gå fra Raufoss stasjon.",
            "Fem minutt å gå frå Raufoss stasjon.",
        ),
        (
            "Raufosstun helsehus",
            "Raufosstunvegen 1",
            "2830",
            "Raufoss",
            "Raufoss",
            True,
            True,
            "Buss til Raufoss sentrum.",
            "Buss til Raufoss sentrum.",
        ),
    ],
    "nord-aurdal": [
        (
            "Frisklivssentralen, Fagernes",
            "Tingvegen 10",
            "2900",
            "Fagernes",
            "Fagernes",
            True,
            False,
            "Kort vei fra skysstasjonen i Fagernes.",
            "Kort veg frå skysstasjonen i Fagernes.",
        ),
    ],
    "gausdal": [("Forsettunet", "Forset", "2651", "Østre Gausdal", "Forset", True, False, "", "")],
    "midtre-gauldal": [("Støren samfunnshus", "Støren sentrum", "7290", "Støren", "Støren", True, True, "", "")],
}

# Each offer: texts nb/nn, and (organization, location, level rank, schedule).
OFFERS: list[dict] = []


def _o(
    slug,
    org,
    loc,
    level,
    category,
    title,
    description,
    eligibility,
    *,
    join="drop_in",
    target="seniors",
    walking="any",
    price=0,
    price_note=("", ""),
    capacity=None,
    status="active",
    regional=False,
    days=("TU",),
    at=(10, 0),
    until=(11, 0),
    interval=1,
):
    OFFERS.append(
        dict(
            slug=slug,
            org=org,
            loc=loc,
            level=level,
            category=category,
            title=title,
            description=description,
            eligibility=eligibility,
            join=join,
            target=target,
            walking=walking,
            price=price,
            price_note=price_note,
            capacity=capacity,
            status=status,
            regional=regional,
            days=days,
            at=at,
            until=until,
            interval=interval,
        )
    )


OS_FRISK, OS_FRIV, OS_KOM = (n for n, *_ in ORGANIZATIONS["oystre-slidre"])
_STERK_NB = "Styrke- og balansetrening i gruppe som forebygger fall. Vi trener sammen en time, og det er kaffe etterpå."
_STERK_NN = (
    "Styrke- og balansetrening i gruppe som førebyggjer fall. Vi trenar saman ein time, og det er kaffi etterpå."
)
_STERK_WHO = (
    "For seniorer som bor hjemme og ikke bruker ganghjelpemiddel.",
    "For seniorar som bur heime og ikkje brukar ganghjelpemiddel.",
)
for where, loc, days, at in [
    ("Heggenes", "Øystre Slidre helsetun", ("TU",), (10, 0)),
    ("Beitostølen", "Beitostølen helsesportssenter, gymsal", ("WE",), (11, 0)),
    ("Tingvoll", "Tingvoll grendehus", ("TH",), (10, 0)),
    ("Rogne", "Rogne samfunnshus", ("MO",), (13, 0)),
]:
    _o(
        "oystre-slidre",
        OS_FRISK,
        loc,
        2,
        "training",
        (f"Sterk og stødig – {where}", f"Sterk og stødig – {where}"),
        (_STERK_NB, _STERK_NN),
        _STERK_WHO,
        join="sign_up",
        walking="without",
        capacity=12,
        days=days,
        at=at,
        until=(at[0] + 1, at[1]),
    )
for n, (days, at) in enumerate([(("MO",), (10, 30)), (("TH",), (13, 0))], start=1):
    _o(
        "oystre-slidre",
        OS_FRISK,
        "Øystre Slidre helsetun",
        2,
        "training",
        (f"Trimgruppe med ganghjelpemiddel {n}", f"Trimgruppe med ganghjelpemiddel {n}"),
        (
            "Trening sittende og stående for dem som bruker rullator eller stokk. Fysioterapeut leder gruppa.",
            "Trening sitjande og ståande for dei som brukar rullator eller stokk. Fysioterapeut leier gruppa.",
        ),
        (
            "For hjemmeboende og pasienter på korttidsavdelingen som bruker ganghjelpemiddel.",
            "For heimebuande og pasientar på korttidsavdelinga som brukar ganghjelpemiddel.",
        ),
        walking="with",
        days=days,
        at=at,
        until=(at[0] + 1, at[1]),
    )
_o(
    "oystre-slidre",
    OS_FRISK,
    "Øystre Slidre helsetun",
    2,
    "healthy_life",
    ("Styrke- og balansegruppe på Frisklivssentralen", "Styrke- og balansegruppe på Frisklivssentralen"),
    (
        "Et kurs over tolv uker med trening to ganger i uka. Du kan melde deg på selv, uten henvisning.",
        "Eit kurs over tolv veker med trening to gonger i veka. Du kan melde deg på sjølv, utan tilvising.",
    ),
    ("For voksne som vil bli sterkere og stødigere.", "For vaksne som vil bli sterkare og stødigare."),
    join="sign_up",
    target="everyone",
    capacity=10,
    days=("MO", "TH"),
    at=(14, 0),
    until=(15, 0),
    regional=True,
)
_o(
    "oystre-slidre",
    OS_FRISK,
    "Øystre Slidre helsetun",
    1,
    "walking",
    ("Gågruppe fra Moavegen 25", "Gågruppe frå Moavegen 25"),
    (
        "Vi går en rolig tur i nærområdet i alt slags vær. Møt opp ved hovedinngangen.",
        "Vi går ein roleg tur i nærområdet i all slags vêr. Møt opp ved hovudinngangen.",
    ),
    ("For alle som liker å gå tur i følge.", "For alle som liker å gå tur i følgje."),
    target="everyone",
    days=("FR",),
    at=(11, 0),
    until=(12, 0),
)
_o(
    "oystre-slidre",
    OS_FRIV,
    "Øystre Slidre helsetun",
    1,
    "dance",
    ("Sittedans", "Sittedans"),
    (
        "Dans til musikk mens du sitter på en stol. Frivillige fra frivilligsentralen leder.",
        "Dans til musikk medan du sit på ein stol. Frivillige frå frivilligsentralen leier.",
    ),
    (
        "For alle, også dere som bruker rullestol eller rullator.",
        "For alle, òg de som brukar rullestol eller rullator.",
    ),
    days=("WE",),
    at=(13, 0),
    until=(14, 0),
    interval=2,
)
_o(
    "oystre-slidre",
    OS_KOM,
    "Øystre Slidre helsetun",
    1,
    "cafe",
    ("Kaffe og vaffel på helsetunet", "Kaffi og vaffel på helsetunet"),
    (
        "Helsetunet inviterer til kaffe og vaffel i kafeen. Kom innom for en prat.",
        "Helsetunet inviterer til kaffi og vaffel i kafeen. Kom innom for ein prat.",
    ),
    ("For alle.", "For alle."),
    target="everyone",
    price=20,
    price_note=("20 kroner for kaffe og vaffel", "20 kroner for kaffi og vaffel"),
    days=("MO", "WE", "FR"),
    at=(12, 0),
    until=(14, 0),
)
_o(
    "oystre-slidre",
    OS_KOM,
    "Øystre Slidre helsetun",
    2,
    "meeting_place",
    ("Treffpunkt Heggenes", "Treffpunkt Heggenes"),
    (
        "Et nytt møtested ved helsetunet med aktiviteter, et måltid og litt praktisk hjelp.",
        "Ein ny møtestad ved helsetunet med aktivitetar, eit måltid og litt praktisk hjelp.",
    ),
    ("For hjemmeboende som ønsker å møte andre.", "For heimebuande som ønskjer å møte andre."),
    status="new",
    days=("TU", "TH"),
    at=(10, 0),
    until=(14, 0),
)
_o(
    "oystre-slidre",
    OS_KOM,
    "Øystre Slidre helsetun",
    2,
    "relatives",
    ("Pårørendeskole for demens", "Pårørandeskule for demens"),
    (
        "Fem kvelder med kunnskap om demens og tid til å snakke med andre i samme situasjon.",
        "Fem kveldar med kunnskap om demens og tid til å snakke med andre i same situasjon.",
    ),
    ("For pårørende til personer med demens i Valdres.", "For pårørande til personar med demens i Valdres."),
    join="sign_up",
    target="relatives",
    capacity=20,
    regional=True,
    days=("TU",),
    at=(18, 0),
    until=(20, 0),
)
_o(
    "oystre-slidre",
    OS_FRIV,
    "Øystre Slidre helsetun",
    1,
    "digital",
    ("Digital hverdag: kurs i mobil og nettbrett", "Digital kvardag: kurs i mobil og nettbrett"),
    (
        "Frivillige hjelper deg med mobil, nettbrett, BankID og Helsenorge i ditt eget tempo.",
        "Frivillige hjelper deg med mobil, nettbrett, BankID og Helsenorge i ditt eige tempo.",
    ),
    ("For seniorer som vil lære mer.", "For seniorar som vil lære meir."),
    days=("TH",),
    at=(17, 30),
    until=(19, 0),
    interval=2,
)

_o(
    "vestre-toten",
    "Vestre Toten kommune",
    "Gimle",
    7,
    "day_centre",
    ("Vestre Toten dagsenter, Gimle", "Vestre Toten dagsenter, Gimle"),
    (
        "Tilrettelagt dagtilbud med aktiviteter og måltider. Dagsenteret har 19 plasser.",
        "Tilrettelagt dagtilbod med aktivitetar og måltid. Dagsenteret har 19 plassar.",
    ),
    (
        "For hjemmeboende med demens eller kognitiv svikt. Søk om plass hos Tildeling og koordinering.",
        "For heimebuande med demens eller kognitiv svikt. Søk om plass hos Tildeling og koordinering.",
    ),
    join="decision",
    target="dementia",
    capacity=19,
    days=("MO", "TU", "WE", "TH", "FR"),
    at=(9, 0),
    until=(15, 0),
)
_o(
    "vestre-toten",
    "Vestre Toten kommune",
    "Lundersveg dag- og avlastningssenter",
    7,
    "day_centre",
    ("Lundersveg dagsenter", "Lundersveg dagsenter"),
    (
        "Dagtilbud med 15 plasser for personer med funksjonssvikt eller utviklingshemming.",
        "Dagtilbod med 15 plassar for personar med funksjonssvikt eller utviklingshemming.",
    ),
    ("Plass tildeles med vedtak.", "Plass blir tildelt med vedtak."),
    join="decision",
    target="disabilities",
    capacity=15,
    days=("MO", "TU", "WE", "TH", "FR"),
    at=(8, 30),
    until=(15, 0),
)
_o(
    "vestre-toten",
    "Vestre Toten kommune",
    "HUSET",
    3,
    "mental_health",
    ("HUSET – lavterskel psykisk helse og rus", "HUSET – lågterskel psykisk helse og rus"),
    (
        "Et sted å komme innom for en prat, en kopp kaffe og råd. Du trenger ikke henvisning.",
        "Ein stad å kome innom for ein prat, ein kopp kaffi og råd. Du treng ikkje tilvising.",
    ),
    ("For voksne med psykiske plager eller rusproblemer.", "For vaksne med psykiske plager eller rusproblem."),
    target="mental_health",
    days=("MO", "WE", "TH"),
    at=(11, 0),
    until=(15, 0),
)
_o(
    "vestre-toten",
    "Raufoss Røde Kors",
    "Raufosstun helsehus",
    2,
    "training",
    ("Seniortrim på Raufosstun", "Seniortrim på Raufosstun"),
    ("Trim med musikk og god stemning, ledet av Røde Kors.", "Trim med musikk og god stemning, leia av Raudekrossen."),
    ("For seniorer med eller uten ganghjelpemiddel.", "For seniorar med eller utan ganghjelpemiddel."),
    join="sign_up",
    capacity=25,
    days=("WE",),
    at=(10, 0),
    until=(11, 0),
)

_o(
    "nord-aurdal",
    "Frisklivssentralen i Nord-Aurdal",
    "Frisklivssentralen, Fagernes",
    2,
    "healthy_life",
    ("Frisklivssentralen: samtale og trening", "Frisklivssentralen: samtale og trening"),
    (
        "Hjelp til å endre vaner med fysisk aktivitet, kosthold og søvn, for bedre mestring i hverdagen. "
        "Du kan komme med eller uten "
        "frisklivsresept fra legen. En resept varer vanligvis tre måneder.",
        "Hjelp til å endre vanar med fysisk aktivitet, kosthald og søvn, for betre meistring i kvardagen. "
        "Du kan kome med eller utan "
        "frisklivsresept frå legen. Ein resept varer vanlegvis tre månader.",
    ),
    ("For voksne i Valdres.", "For vaksne i Valdres."),
    join="sign_up",
    target="everyone",
    capacity=15,
    regional=True,
    days=("TU", "FR"),
    at=(9, 0),
    until=(10, 0),
)
_o(
    "nord-aurdal",
    "Frisklivssentralen i Nord-Aurdal",
    "Frisklivssentralen, Fagernes",
    2,
    "training",
    ("Fallforebyggende treningsgruppe", "Fallførebyggjande treningsgruppe"),
    (
        "Ukentlig trening for bedre balanse, laget sammen med fysioterapitjenesten.",
        "Trening kvar veke for betre balanse, laga saman med fysioterapitenesta.",
    ),
    ("For seniorer som vil unngå fall.", "For seniorar som vil unngå fall."),
    regional=True,
    walking="without",
    days=("TH",),
    at=(11, 0),
    until=(12, 0),
)
_o(
    "gausdal",
    "Gausdal frivilligsentral",
    "Forsettunet",
    2,
    "walking",
    ("Turgruppe på Forset", "Turgruppe på Forset"),
    (
        "Rolig tur på en time med turvenner fra frivilligsentralen.",
        "Roleg tur på ein time med turvenner frå frivilligsentralen.",
    ),
    ("For alle.", "For alle."),
    target="everyone",
    days=("WE",),
    at=(11, 0),
    until=(12, 0),
)
_o(
    "midtre-gauldal",
    "Midtre Gauldal frivilligsentral",
    "Støren samfunnshus",
    1,
    "meeting_place",
    ("Frivilligforum – treffpunkt på Støren", "Frivilligforum – treffpunkt på Støren"),
    (
        "Jevnlige treff med kaffe, prat og informasjon om hva som skjer i kommunen.",
        "Jamlege treff med kaffi, prat og informasjon om kva som skjer i kommunen.",
    ),
    ("For alle.", "For alle."),
    target="everyone",
    days=("TH",),
    at=(18, 0),
    until=(20, 0),
    interval=2,
)
# The plan names "lag, foreninger, kor, idrettslaget" among those who carry the local community.
_o(
    "midtre-gauldal",
    "Støren idrettslag",
    "Støren samfunnshus",
    1,
    "training",
    ("Seniortrim med idrettslaget", "Seniortrim med idrettslaget"),
    (
        "Idrettslaget inviterer til trim med oppvarming, styrke og balanse. Ta med innesko og vannflaske.",
        "Idrettslaget inviterer til trim med oppvarming, styrke og balanse. Ta med innesko og vassflaske.",
    ),
    ("For seniorer som vil holde seg i form.", "For seniorar som vil halde seg i form."),
    price=50,
    price_note=("50 kroner per gang, kaffe etterpå", "50 kroner kvar gong, kaffi etterpå"),
    days=("TH",),
    at=(11, 0),
    until=(12, 0),
)


@atomic()
def load() -> list[str]:
    levels = load_levels()
    orgs, locs = {}, {}
    for slug, rows in ORGANIZATIONS.items():
        municipality = get_by_slug(slug)
        for name, kind, phone, email in rows:
            orgs[(slug, name)] = _upsert(
                Organization,
                {"municipality_id": municipality.id, "name": name},
                {"kind": kind, "phone": phone, "email": email},
            )
    for slug, rows in LOCATIONS.items():
        municipality = get_by_slug(slug)
        for name, address, postal, city, place, step_free, loop, tr_nb, tr_nn in rows:
            locs[(slug, name)] = _upsert(
                Location,
                {"municipality_id": municipality.id, "name": name},
                {
                    "address": address,
                    "postal_code": postal,
                    "city": city,
                    "place": place,
                    "step_free": step_free,
                    "hearing_loop": loop,
                    "transport_nb": tr_nb,
                    "transport_nn": tr_nn,
                    "accessibility_nb": "HC-toalett." if step_free else "Ingen heis.",
                    "accessibility_nn": "HC-toalett." if step_free else "Ingen heis.",
                },
            )
    db.session.flush()
    for data in OFFERS:
        municipality = get_by_slug(data["slug"])
        level = db.session.scalar(select(StaircaseLevel).filter_by(municipality_id=municipality.id, rank=data["level"]))
        organization = orgs[(data["slug"], data["org"])]
        offer = _upsert(
            Offer,
            {"municipality_id": municipality.id, "title_nb": data["title"][0]},
            {
                "title_nn": data["title"][1],
                "description_nb": data["description"][0],
                "description_nn": data["description"][1],
                "eligibility_nb": data["eligibility"][0],
                "eligibility_nn": data["eligibility"][1],
                "category": data["category"],
                "status": data["status"],
                "join_mode": data["join"],
                "target_group": data["target"],
                "walking_aid": data["walking"],
                "price_nok": data["price"],
                "price_note_nb": data["price_note"][0],
                "price_note_nn": data["price_note"][1],
                "capacity": data["capacity"],
                "open_to_region": data["regional"],
                "published": True,
                "organization": organization,
                "location": locs[(data["slug"], data["loc"])],
                "staircase_level": level,
                "contact_phone": organization.phone,
                "contact_email": organization.email,
                "languages": "nn,nb",
            },
        )
        rule = build_rrule(list(data["days"]), data["interval"])
        values = {
            "rrule": rule,
            "dtstart": FIRST,
            "opens_at": time(*data["at"]),
            "closes_at": time(*data["until"]),
            "weekdays": ",".join(data["days"]),
            "exdates": HOLIDAYS_2026,
            "skip_public_holidays": True,
        }
        if offer.schedule is None:
            offer.schedule = Schedule(**values)
        else:
            for name, value in values.items():
                setattr(offer.schedule, name, value)
    reindex()  # offers the upsert left unchanged get today's search stems too
    return [f"{len(OFFERS)} offers, {levels} staircase levels"]

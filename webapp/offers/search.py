"""Search text that finds an offer whichever standard the words are in.

Both the stored text and the query pass through `normalise`: lower case, accents and the Norwegian
letters folded (é→e, ø→o, æ→ae, å→a), then nynorsk stems rewritten to their bokmål twins. The same
rewrite runs on both sides, so it only has to be consistent, not good Norwegian."""

from __future__ import annotations

import re
import unicodedata

# (nynorsk stem, bokmål stem), after folding. Stems, so compounds match too
# ("meistringstrapp" ~ "mestringstrapp"). Longer stems first where they overlap.
NN_NB_STEMS: list[tuple[str, str]] = [
    ("kvardag", "hverdag"),  # before "kva"
    ("heimebuand", "hjemmeboend"),  # before "heime"
    ("forebyggjand", "forebyggend"),
    ("lagterskel", "lavterskel"),
    ("einsam", "ensom"),
    ("rettleiing", "veiledning"),
    ("sitjand", "sittend"),
    ("vaksn", "voksn"),
    ("tilrettelagd", "tilrettelagt"),
    ("raudekross", "rode kors"),
    ("raude kross", "rode kors"),
    ("meistr", "mestr"),
    ("tilbod", "tilbud"),
    ("ikkje", "ikke"),
    ("kvar veke", "hver uke"),
    ("annakvar", "annenhver"),
    ("veke", "uke"),
    ("heime", "hjemme"),
    ("tenest", "tjenest"),
    ("parorand", "parorend"),
    ("avlasting", "avlastning"),
    ("bustad", "bolig"),
    ("forebygg", "forebygg"),
    ("einsemd", "ensomhet"),
    ("sjukeheim", "sykehjem"),
    ("sjuk", "syk"),
    ("frisk", "frisk"),
    ("seniorar", "seniorer"),
    ("aktivitetar", "aktiviteter"),
    ("gruppene", "gruppene"),
    ("grupper", "grupper"),
    ("tilvising", "henvisning"),
    ("heimebu", "hjemmebo"),
    ("sjolv", "selv"),
    ("saman", "sammen"),
    ("utan", "uten"),
    ("kjem", "kommer"),
    ("korleis", "hvordan"),
    ("kva", "hva"),
    ("kven", "hvem"),
    ("eldre", "eldre"),
    ("skule", "skole"),
    ("dagsenter", "dagsenter"),
    ("trening", "trening"),
    ("tur", "tur"),
    ("ganghjelpemiddel", "ganghjelpemiddel"),
    ("laurdag", "lordag"),
    ("sundag", "sondag"),
    ("tysdag", "tirsdag"),
    ("maltid", "maltid"),
    ("kaffi", "kaffe"),
    ("fagleg", "faglig"),
    ("tilgjengeleg", "tilgjengelig"),
    ("leg ", "lig "),
]
_REWRITES = [(nn, nb) for nn, nb in NN_NB_STEMS if nn != nb]
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ð": "d", "þ": "th", "ß": "ss"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Words people search with for each category, in both standards.
CATEGORY_WORDS = {
    "training": "trim trimgruppe trening",
    "walking": "tur turgruppe gagruppe gatur",
    "dance": "sittedans dans",
    "meeting_place": "treffpunkt motestad motested",
    "cafe": "kafe kaffe kaffi",
    "day_centre": "dagsenter dagtilbud dagtilbod",
    "healthy_life": "frisklivssentral frisklivssentralen",
    "relatives": "parorende parorande",
    "digital": "digital data nettbrett mobil",
    "mental_health": "psykisk helse",
}
MAX_TERMS = 8
MAX_QUERY = 200


def fold(text: str) -> str:
    text = text.casefold().translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip()


def normalise(text: str) -> str:
    folded = f" {fold(text)} "
    for nn, nb in _REWRITES:
        folded = folded.replace(nn, nb)
    return " ".join(folded.split())


def terms(query: str) -> list[str]:
    """The words of a query, normalised, at most MAX_TERMS of them."""
    return [t for t in normalise(query[:MAX_QUERY]).split() if t][:MAX_TERMS]


def matching(words: list[str], column) -> list:
    """SQL conditions: every word (from `terms`) occurs in the folded search text."""
    return [column.like(f"%{escape_like(word)}%", escape="\\") for word in words]


def escape_like(term: str) -> str:
    # normalise() leaves only [a-z0-9 ], so there is nothing to escape; kept explicit for safety.
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

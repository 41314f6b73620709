"""The word choices in translations/STYLE.md hold across each catalogue: one form per word."""

from __future__ import annotations

import re

import pytest

from tests.core.test_translations import catalogue

REJECTED = {
    "nn": [
        r"\bvert\b",
        r"\bføremiddag",
        r"\bopplysing",
        r"\bsundag",
        r"\bannakvar\b",
        r"gått ut på (tid|dato)",
        r"\bRediger\b",
        r"^Før timar$",
        r"^Kva gong\?$",
        r"^Avgjorde$",
        r"^Kom i alt$",
    ],
    "nb": [
        r"\buka\b",
        r"\blista\b",
        r"\bklokka\b",
        r"\bventelista\b",
        r"\bmestringstrappa\b",
        r"\bkan trengs\b",
        r"\butløpt\b",
        r"gått ut på dato",
        r"\bRediger\b",
        r"^Før timer$",
        r"^Kom i alt$",
        r"^Belastning",
    ],
}


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_one_form_per_word(locale):
    offenders = []
    for message in catalogue(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            for pattern in REJECTED[locale]:
                if re.search(pattern, text or "", re.IGNORECASE if not pattern.startswith("^") else 0):
                    offenders.append((message.id, pattern, text))
    assert not offenders, offenders


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_no_iso_dates_or_colon_times_in_the_catalogue(locale):
    offenders = []
    for message in catalogue(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if re.search(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b", text or ""):
                offenders.append(text)
    assert not offenders, offenders


def test_a_schedule_reads_kvar_tysdag_kl(app):
    from datetime import time

    from flask import session
    from flask_babel import refresh

    from webapp.offers.services import _schedule_text

    with app.test_request_context("/"):
        session["locale"] = "nn"
        refresh()
        assert _schedule_text("TU", "FREQ=WEEKLY", time(10), time(11), "nn") == "Kvar tysdag kl. 10.00–11.00"
        assert _schedule_text("TU,TH", "FREQ=WEEKLY;INTERVAL=2", time(10), time(11), "nn") == (
            "Annankvar tysdag og torsdag kl. 10.00–11.00"
        )
        session["locale"] = "nb"
        refresh()
        assert _schedule_text("TU", "FREQ=WEEKLY", time(10), time(11), "nb") == "Hver tirsdag kl. 10.00–11.00"

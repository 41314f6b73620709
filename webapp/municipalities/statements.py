"""What the accessibility and privacy statements say that is not a setting: the date of the
accessibility statement and the deviations from WCAG 2.1 we know of.

The statement follows the supervisory authority's template (uustatus): status, what does not
work yet, how it was tested, feedback, complaints, date. Change STATEMENT_DATE and the list
together when the pages change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

STATEMENT_DATE = date(2026, 12, 1)
SUPERVISORY_AUTHORITY_URL = "https://www.uutilsynet.no/"


@dataclass(frozen=True)
class Deviation:
    criterion: str  # the WCAG 2.1 success criterion, by number and its English name
    what: LazyString
    instead: LazyString


DEVIATIONS = (
    Deviation(
        "1.4.10 Reflow",
        _l("Some pages for staff need sideways scrolling on a screen 320 pixels wide."),
        _l("Use a wider screen, or turn the phone sideways."),
    ),
    Deviation(
        "3.3.3 Error Suggestion",
        _l("Some error messages in forms do not yet say which question they are about, and some are in English."),
        _l("Call or e-mail us and we help you fill in the form."),
    ),
)

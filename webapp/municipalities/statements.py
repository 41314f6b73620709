"""What the accessibility and privacy statements say that is not a setting: the date of the
accessibility statement and the deviations from WCAG 2.1 we know of.

The statement follows the supervisory authority's template (uustatus): status, what does not
work yet, how it was tested, feedback, complaints, date. Change STATEMENT_DATE and the list
together when the pages change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString

STATEMENT_DATE = date(2026, 12, 1)
SUPERVISORY_AUTHORITY_URL = "https://www.uutilsynet.no/"


@dataclass(frozen=True)
class Deviation:
    criterion: str  # the WCAG 2.1 success criterion, by number and its English name
    what: LazyString
    instead: LazyString


# None known since every page, staff pages too, fits 320 pixels and every form message names its
# question in nb and nn (tests/e2e/test_phone_widths.py, tests/core/test_form_messages.py).
DEVIATIONS: tuple[Deviation, ...] = ()

"""The period chooser: from and to month, read from the query string."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import StringField, ValidationError
from wtforms.validators import Length, Optional

from webapp.forms import Form

MONTH_MESSAGE = _l("Write the month as month and year, for example 01.2026 or januar 2026.")
# Month names as both standards write them (the same words), and their usual short forms.
MONTH_NAMES = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
_NUMBERS = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{4})")  # 01.2026, 1/2026, 01-2026
_ISO = re.compile(r"(\d{4})-(\d{1,2})")  # 2026-01: a month picker's value, links from before
_NAMED = re.compile(r"([a-zæøå]+)\.?\s+(\d{4})")  # januar 2026, jan. 2026


def parse_month(value: str) -> date:
    """The first day of a month typed as 01.2026, januar 2026 (or jan. 2026) or 2026-01;
    ValueError when it is none of them or outside 2000–2100."""
    text = " ".join(value.strip().lower().split())
    if match := _NUMBERS.fullmatch(text):
        month, year = int(match.group(1)), int(match.group(2))
    elif match := _ISO.fullmatch(text):
        year, month = int(match.group(1)), int(match.group(2))
    elif (match := _NAMED.fullmatch(text)) and len(match.group(1)) >= 3:
        names = [n for n in MONTH_NAMES if n.startswith(match.group(1))]
        if len(names) != 1:
            raise ValueError(value)
        month, year = MONTH_NAMES.index(names[0]) + 1, int(match.group(2))
    else:
        raise ValueError(value)
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValueError(value)
    return date(year, month, 1)


def show_month(month: date) -> str:
    """How a month is written in the field and in links: 01.2026."""
    return f"{month:%m.%Y}"


def _a_month(form: Form, field: StringField) -> None:
    try:
        parse_month(field.data or "")
    except ValueError:
        raise ValidationError(MONTH_MESSAGE) from None


class PeriodForm(Form):
    class Meta:
        csrf = False

    start = StringField(
        _l("From month"),
        description=_l("Month and year, for example 01.2026"),
        validators=[Optional(), Length(max=20, message=MONTH_MESSAGE), _a_month],
    )
    end = StringField(
        _l("To month"),
        description=_l("Month and year, for example 12.2026"),
        validators=[Optional(), Length(max=20, message=MONTH_MESSAGE), _a_month],
    )


def month_count(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def read_period(form: PeriodForm, default: tuple[date, date], max_months: int) -> tuple[date, date] | None:
    """The months chosen, or None (with the reason on the form) when they cannot be used."""
    if not form.validate():
        return None
    first = _month(form.start.data) or default[0]
    last = _month(form.end.data) or default[1]
    if first > last:
        form.end.errors.append(str(_l("The last month must be the same as or after the first.")))
        return None
    if month_count(first, last) > max_months:
        form.end.errors.append(ngettext("Choose at most %(num)s month.", "Choose at most %(num)s months.", max_months))
        return None
    return first, last


def _month(value: str | None) -> date | None:
    return parse_month(value) if value else None

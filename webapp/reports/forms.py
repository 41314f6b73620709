"""The period chooser: from and to month, read from the query string."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import StringField
from wtforms.validators import Length, Optional, Regexp

from webapp.forms import Form

MONTH_PATTERN = r"^(20\d\d|2100)-(0[1-9]|1[0-2])$"
MONTH_MESSAGE = _l("Write the month as year and month, for example 2026-01.")


class PeriodForm(Form):
    class Meta:
        csrf = False

    start = StringField(
        _l("From month"),
        description=_l("Year and month, for example 2026-01"),
        validators=[Optional(), Length(max=7, message=MONTH_MESSAGE), Regexp(MONTH_PATTERN, message=MONTH_MESSAGE)],
    )
    end = StringField(
        _l("To month"),
        description=_l("Year and month, for example 2026-12"),
        validators=[Optional(), Length(max=7, message=MONTH_MESSAGE), Regexp(MONTH_PATTERN, message=MONTH_MESSAGE)],
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
    if not value:
        return None
    year, month = value.split("-")
    return date(int(year), int(month), 1)

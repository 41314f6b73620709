"""Form pieces every domain uses."""

from __future__ import annotations

from datetime import date

import wtforms
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import ValidationError
from wtforms.fields import Field

from webapp.database import parse_id
from webapp.text import has_control_characters, looks_like_link

LANGUAGE_CHOICES = [("nn", "Nynorsk"), ("nb", "Bokmål")]

# No date the service deals in lies outside these years, and far-off ones overflow date arithmetic
# (the week after 9999-12-31, the day before 0001-01-01).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_day(value: str) -> date:
    """An ISO date typed or put in a query string; ValueError if malformed or far off."""
    day = date.fromisoformat(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(value)
    return day


class DateField(wtforms.DateField):
    """A date field that refuses a year the service cannot count with."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            self.data = None
            raise ValueError(
                _l("Write a date between the years %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
            )


def no_control_characters(form: object, field: Field) -> None:
    """For text areas: line breaks and tabs are fine, other control characters are not."""
    value = field.data
    if isinstance(value, str) and has_control_characters(value, allow_line_breaks=True):
        raise ValidationError(_('"%(field)s" contains characters that are not allowed.', field=field.label.text))


def single_line(form: object, field: Field) -> None:
    """For names, titles and other one-line answers, which may end up in an e-mail header."""
    value = field.data
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(_('Write "%(field)s" on one line, without special characters.', field=field.label.text))


def no_links(form: object, field: Field) -> None:
    """For names that strangers type and that go into messages: no web address to click."""
    if isinstance(field.data, str) and looks_like_link(field.data):
        raise ValidationError(_('Write "%(field)s" without web addresses.', field=field.label.text))


def coerce_optional_int(value: object) -> int | None:
    """Select fields with an empty choice: '' becomes None, anything not a number is rejected."""
    if value in (None, "", "None"):
        return None
    try:
        return parse_id(value)
    except (TypeError, ValueError):
        raise ValueError(_l("Not a valid choice.")) from None

"""Form pieces every domain uses."""
from __future__ import annotations

from datetime import date

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms import ValidationError
from wtforms.fields import Field

from webapp.database import parse_id

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
            raise ValueError(_l("Write a date between the years %(first)s and %(last)s.",
                                first=FIRST_YEAR, last=LAST_YEAR))


def no_control_characters(form: object, field: Field) -> None:
    value = field.data
    if isinstance(value, str) and any(ord(c) < 32 and c not in "\r\n\t" for c in value):
        raise ValidationError(_l("The text contains characters that are not allowed."))


def coerce_optional_int(value: object) -> int | None:
    """Select fields with an empty choice: '' becomes None, anything not a number is rejected."""
    if value in (None, "", "None"):
        return None
    try:
        return parse_id(value)
    except (TypeError, ValueError):
        raise ValueError(_l("Not a valid choice.")) from None

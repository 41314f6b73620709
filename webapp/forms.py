"""Form pieces every domain uses.

Every form derives from `Form`. Its fields get their own translations object, so that a WTForms
default text ("This field is required.", "Not a valid choice.") never reaches a page: each is
replaced by our sentence in the reader's standard, naming the question it belongs to. Validators
that carry their own message keep it; those messages name the question too."""

from __future__ import annotations

import re
from datetime import date, time

import wtforms
from flask_babel import get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import ValidationError
from wtforms.fields import Field

from webapp.database import parse_id
from webapp.text import has_control_characters, looks_like_link

LANGUAGE_CHOICES = [("nn", "Nynorsk"), ("nb", "Bokmål")]

# No date the service deals in lies outside these years, and far-off ones overflow date arithmetic
# (the week after 9999-12-31, the day before 0001-01-01).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _required() -> str:
    return get_translations().gettext('Fill in "%(field)s".')


def _too_short(n: int) -> str:
    return get_translations().ngettext(
        'Write at least %(min)d character in "%(field)s".', 'Write at least %(min)d characters in "%(field)s".', n
    )


def _too_long(n: int) -> str:
    return get_translations().ngettext(
        '"%(field)s" can have at most %(max)d character.', '"%(field)s" can have at most %(max)d characters.', n
    )


def _length_between() -> str:
    return get_translations().gettext('Write from %(min)d to %(max)d characters in "%(field)s".')


def _at_least() -> str:
    return get_translations().gettext('"%(field)s" must be at least %(min)s.')


def _at_most() -> str:
    return get_translations().gettext('"%(field)s" can be at most %(max)s.')


def _number_between() -> str:
    return get_translations().gettext('Write a number from %(min)s to %(max)s in "%(field)s".')


def _email() -> str:
    return get_translations().gettext('Write a valid e-mail address in "%(field)s", like ola@example.no.')


def _check() -> str:
    return get_translations().gettext('Check what you wrote in "%(field)s".')


def _equal() -> str:
    return get_translations().gettext('"%(field)s" must be the same as "%(other_label)s".')


def _choice() -> str:
    return get_translations().gettext('Choose one of the options in "%(field)s".')


def _whole_number() -> str:
    return get_translations().gettext('Write a whole number in "%(field)s".')


def _decimal() -> str:
    return get_translations().gettext('Write a number in "%(field)s", like 2 or 1,5.')


def _date() -> str:
    return get_translations().gettext('Write the date in "%(field)s" as day, month and year, like 24.12.2026.')


def _time() -> str:
    return get_translations().gettext('Write the time in "%(field)s" as hours and minutes, like 08.00.')


def _expired() -> str:
    return get_translations().gettext("The form has expired. Send it again.")


# WTForms' own texts (gettext and the singular of ngettext) and ours in their place.
_OURS = {
    "This field is required.": lambda n: _required(),
    "Field must be at least %(min)d character long.": _too_short,
    "Field cannot be longer than %(max)d character.": _too_long,
    "Field must be exactly %(max)d character long.": lambda n: _length_between(),
    "Field must be between %(min)d and %(max)d characters long.": lambda n: _length_between(),
    "Number must be at least %(min)s.": lambda n: _at_least(),
    "Number must be at most %(max)s.": lambda n: _at_most(),
    "Number must be between %(min)s and %(max)s.": lambda n: _number_between(),
    "Date must be at least %(min)s.": lambda n: _at_least(),
    "Date must be at most %(max)s.": lambda n: _at_most(),
    "Date must be between %(min)s and %(max)s.": lambda n: _number_between(),
    "Invalid email address.": lambda n: _email(),
    "Invalid input.": lambda n: _check(),
    "Field must be equal to %(other_name)s.": lambda n: _equal(),
    "Not a valid choice.": lambda n: _choice(),
    "Invalid Choice: could not coerce.": lambda n: _choice(),
    "Invalid choice(s): one or more data inputs could not be coerced.": lambda n: _choice(),
    "'%(value)s' is not a valid choice for this field.": lambda n: _choice(),
    "Not a valid integer value.": lambda n: _whole_number(),
    "Not a valid decimal value.": lambda n: _decimal(),
    "Not a valid float value.": lambda n: _decimal(),
    "Not a valid date value.": lambda n: _date(),
    "Not a valid datetime value.": lambda n: _date(),
    "Not a valid time value.": lambda n: _time(),
    "Invalid CSRF Token.": lambda n: _expired(),
    "CSRF token missing.": lambda n: _expired(),
    "CSRF failed.": lambda n: _expired(),
    "CSRF token expired.": lambda n: _expired(),
}


# WTForms' own texts for a malformed date or time, which FieldTranslations turns into ours.
_WTFORMS_DATE, _WTFORMS_TIME = "Not a valid date value.", "Not a valid time value."


class FieldTranslations:
    """What a field's gettext answers: WTForms' texts become ours, naming the field's label."""

    def __init__(self, label: object) -> None:
        self.label = label

    def _ours(self, template: str) -> str:
        # The validator fills in %(min)d and the like afterwards; the label must survive that.
        return template.replace("%(field)s", str(self.label).replace("%", "%%"))

    def gettext(self, string: str) -> str:
        if string in _OURS:
            return self._ours(_OURS[string](1))
        if string.startswith("Invalid") or string.endswith("cannot be edited."):
            return self._ours(_check())
        return get_translations().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular in _OURS:
            return self._ours(_OURS[singular](n))
        return get_translations().ngettext(singular, plural, n)


class Form(FlaskForm):
    """The base of every form in the service."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            label = unbound_field.kwargs.get("label")
            if label is None and unbound_field.args:
                label = unbound_field.args[0]
            if label is None:
                label = options.get("name", "").replace("_", " ").capitalize()
            return unbound_field.bind(form=form, **{**options, "translations": FieldTranslations(label)})


def label_of(field: Field) -> str:
    return str(field.label.text)


def parse_day(value: str) -> date:
    """A date typed as 24.12.2026 (or 24.12.26, 24/12/2026) or sent as ISO 2026-12-24 by a date
    picker or a query string; ValueError if malformed or far off."""
    value = value.strip()
    match = _NORWEGIAN_DATE.fullmatch(value)
    if match:
        day_, month, year = (int(part) for part in match.groups())
        day = date(year + 2000 if year < 100 else year, month, day_)
    else:
        day = date.fromisoformat(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(value)
    return day


_NORWEGIAN_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})")
_TIME = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(?:[.:](\d{2}))?", re.IGNORECASE)


def parse_time(value: str) -> time:
    """A time of day typed as 08.00, 8.00, 08:00, 8 or «kl. 8.00»; ValueError otherwise."""
    match = _TIME.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    return time(int(match.group(1)), int(match.group(2) or 0))


class DateField(wtforms.DateField):
    """A date typed the Norwegian way (24.12.2026) or sent as ISO by a date picker, within the years
    the service can count with."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = " ".join(valuelist).strip()
        if not text:
            self.data = None
            raise ValueError(self.gettext(_WTFORMS_DATE))
        try:
            self.data = parse_day(text)
        except ValueError:
            self.data = None
            raise ValueError(self.gettext(_WTFORMS_DATE)) from None


class TimeField(wtforms.TimeField):
    """A time typed as 08.00 or 8:00, or sent as 08:00 by a time picker."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_time(" ".join(valuelist))
        except ValueError:
            self.data = None
            raise ValueError(self.gettext(_WTFORMS_TIME)) from None

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%H:%M") if self.data else ""


class DecimalField(wtforms.DecimalField):
    """Accepts the Norwegian decimal comma: 1,5 hours."""

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].replace(",", ".").replace(" ", "")]
        super().process_formdata(valuelist)


_PHONE = re.compile(r"(?:\+47|0047)?\d{8}")


def is_norwegian_phone(value: str) -> bool:
    return _PHONE.fullmatch(re.sub(r"[\s-]", "", value)) is not None


def phone_number(message: object):
    """A Norwegian phone number: 8 digits, spaces allowed, optionally after +47."""

    def check(form: object, field: Field) -> None:
        if isinstance(field.data, str) and field.data.strip() and not is_norwegian_phone(field.data):
            raise ValidationError(str(message))

    return check


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

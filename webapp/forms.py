"""Form pieces every domain uses."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import ValidationError
from wtforms.fields import Field

from webapp.text import has_control_characters, looks_like_link

LANGUAGE_CHOICES = [("nn", "Nynorsk"), ("nb", "Bokmål")]


def no_control_characters(form: object, field: Field) -> None:
    """For text areas: line breaks and tabs are fine, other control characters are not."""
    value = field.data
    if isinstance(value, str) and has_control_characters(value, allow_line_breaks=True):
        raise ValidationError(_('"%(field)s" contains characters that are not allowed.',
                                field=field.label.text))


def single_line(form: object, field: Field) -> None:
    """For names, titles and other one-line answers, which may end up in an e-mail header."""
    value = field.data
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(_('Write "%(field)s" on one line, without special characters.',
                                field=field.label.text))


def no_links(form: object, field: Field) -> None:
    """For names that strangers type and that go into messages: no web address to click."""
    if isinstance(field.data, str) and looks_like_link(field.data):
        raise ValidationError(_('Write "%(field)s" without web addresses.', field=field.label.text))


def coerce_optional_int(value: object) -> int | None:
    """Select fields with an empty choice: '' becomes None, anything not a number is rejected."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(_l("Not a valid choice.")) from None

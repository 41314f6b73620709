"""Form pieces every domain uses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError
from wtforms.fields import Field

LANGUAGE_CHOICES = [("nn", "Nynorsk"), ("nb", "Bokmål")]


def no_control_characters(form: object, field: Field) -> None:
    value = field.data
    if isinstance(value, str) and any(ord(c) < 32 and c not in "\r\n\t" for c in value):
        raise ValidationError(_l("The text contains characters that are not allowed."))


def coerce_optional_int(value: object) -> int | None:
    """Select fields with an empty choice: '' becomes None, anything not a number is rejected."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(_l("Not a valid choice.")) from None

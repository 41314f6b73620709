"""Which standard (nb or nn) a request is shown in.

Order: the logged-in person's setting, then the choice made in this visit, then the default of the
municipality or region the page belongs to (g.page_locale), then the browser's Accept-Language.
A browser's plain "no" means nb.
"""

from __future__ import annotations

from flask import current_app, g, request, session
from flask_login import current_user

LOCALE_SESSION_KEY = "locale"


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def normalise(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower().replace("_", "-")
    if value in ("no", "nb-no", "no-no"):
        return "nb"
    if value in ("nn-no",):
        return "nn"
    return value if value in supported() else None


def select_locale() -> str:
    user_locale = getattr(current_user, "locale", None) if current_user else None
    chosen = normalise(user_locale) or normalise(session.get(LOCALE_SESSION_KEY))
    if chosen:
        return chosen
    page_default = normalise(g.get("page_locale"))
    if page_default:
        return page_default
    for lang, _quality in request.accept_languages:
        if normalise(lang):
            return normalise(lang)  # type: ignore[return-value]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_choice(locale: str) -> str:
    """Store the visit's choice; returns the normalised locale. Raises ValueError if unknown."""
    value = normalise(locale)
    if value is None:
        raise ValueError(locale)
    session[LOCALE_SESSION_KEY] = value
    return value

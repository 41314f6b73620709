"""Every template filter, in one place, registered by `register(app)` from the app factory.

A filter turns a value into text for a page in the reader's standard. Filters that need a domain's
titles import it when called, so the core loads without the domains."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import Flask
from flask_babel import get_locale, gettext
from markupsafe import Markup

from webapp import formatting
from webapp.text import unlinked


def role_title(value: str) -> str:
    """An access role's title; an unknown value as it is."""
    from webapp.accounts.models import Role

    try:
        return Role(value).title
    except ValueError:
        return value


def offer_title(value: str, kind: str) -> str:
    """The title of an offer's category, status, join mode, target group or walking aid."""
    return _offer_title(value, kind, str(get_locale()))


@lru_cache(maxsize=256)
def _offer_title(value: str, kind: str, locale: str) -> str:
    from webapp.offers.models import Category, JoinMode, Status, TargetGroup, WalkingAid

    enum = {
        "category": Category,
        "status": Status,
        "join_mode": JoinMode,
        "target_group": TargetGroup,
        "walking_aid": WalkingAid,
    }[kind]
    try:
        return enum(value).title
    except ValueError:
        return value


def in_standard(text: object, standard: str | None) -> object:
    """Text staff typed in one standard (their municipality's), marked with that language when the
    page is in the other, so screen readers pronounce it right (WCAG 3.1.2)."""
    if not text or not standard or standard == str(get_locale()):
        return text
    return Markup('<span lang="{}">{}</span>').format(standard, text)


def greeting(name: object) -> str:
    """The first line of a message: "Hei Kari," by name, or "Hei," when no name is known (never
    "Hei ,"). The name is unlinked: a mail client must not make it a link."""
    cleaned = unlinked(name if name is not None else "").strip()
    return gettext("Hello %(name)s,", name=cleaned) if cleaned else gettext("Hello,")


def schedule_text(offer: Any) -> str:
    from webapp.offers.services import schedule_text as text

    return text(offer)


FILTERS: dict[str, Callable[..., str]] = {
    **formatting.FILTERS,  # dates, times and numbers as a person reads them
    "greeting": greeting,
    "in_standard": in_standard,
    "offer_title": offer_title,
    "role_title": role_title,
    "schedule_text": schedule_text,
    # For names strangers typed, in message templates: a mail client must not make them a link.
    "unlinked": unlinked,
    "vol_number": formatting.number,
}


def register(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)

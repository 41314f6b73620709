"""The offers embed: a page made to be shown in an <iframe> on the municipality's own website,
with this week's offers, filtered by kind or place, in the municipality's standard and colour.

Only the origins the municipality lists may frame it (CSP frame-ancestors on that page alone);
every other page keeps frame-ancestors 'none' and X-Frame-Options DENY."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.offers import queries
from webapp.offers.models import Location, Offer
from webapp.offers.recurrence import Occurrence, occurrences
from webapp.transactions import atomic

DAYS = 7
MAX_ORIGINS = 20
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#1e5a8c"
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def origin_of(text: str) -> str | None:
    """ "https://www.kommune.no" as typed (with or without a trailing slash), else None."""
    value = text.strip().rstrip("/").lower()
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.path or parts.query or parts.fragment:
        return None
    if parts.username or parts.password or not _HOST.match(parts.hostname):
        return None
    return f"{parts.scheme}://{parts.hostname}" + (f":{port}" if port else "")


def origins(municipality: Municipality) -> list[str]:
    return [line for line in municipality.embed_origins.split() if origin_of(line) == line]


def frame_ancestors(municipality: Municipality) -> str:
    listed = origins(municipality)
    return "frame-ancestors " + (" ".join(listed) if listed else "'none'")


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def colour(municipality: Municipality) -> str:
    chosen = municipality.embed_colour
    return chosen.lower() if chosen and COLOUR.match(chosen) else DEFAULT_COLOUR


@atomic()
def save_settings(municipality: Municipality, origin_list: list[str], chosen_colour: str) -> None:
    municipality.embed_origins = "\n".join(origin_list)
    municipality.embed_colour = chosen_colour.lower()


@dataclass(frozen=True)
class Entry:
    offer: Offer
    sessions: list[Occurrence]


def this_week(municipality: Municipality, category: str = "", place: str = "") -> list[Entry]:
    """Offers open to the municipality's people that meet in the coming seven days, soonest first."""
    query = queries.visible_in(municipality)
    if category:
        query = query.where(Offer.category == category)
    if place:
        query = query.where(Offer.location_id.in_(select(Location.id).where(Location.place == place)))
    now = utcnow()
    end = now + timedelta(days=DAYS)
    entries = []
    for offer in db.session.scalars(query).unique():
        sessions = occurrences(offer.schedule, now, 14, before=end) if offer.schedule else []
        if sessions:
            entries.append(Entry(offer, sessions))
    return sorted(entries, key=lambda e: (e.sessions[0].starts_at, e.offer.id))


def week_end() -> datetime:
    return utcnow() + timedelta(days=DAYS)

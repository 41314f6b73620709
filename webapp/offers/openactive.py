"""OpenActive open data: RPDE 1.0 feeds of session series (offers) and scheduled sessions.

The feeds use the "modified timestamp and id" ordering. Their items are kept in `FeedItem` rows
that are brought up to date in the same transaction as any change to an offer, its schedule, its
place or organiser, or its sign-ups (the session hooks at the bottom): an item whose data changed
gets a new `modified`, larger than any before, and moves to the end of its feed; an item that is no
longer published (an offer withdrawn, a session cancelled or moved, a category that is not a
physical activity) becomes a tombstone, `state: "deleted"`, and stays.

Sessions are published for the coming `SESSION_WEEKS` weeks from the last change; `flask offers
refresh-feeds`, run daily, rolls that window on."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import and_, event, func, or_, select
from sqlalchemy.orm import Session

from webapp.clock import utcnow
from webapp.municipalities.models import Municipality
from webapp.navigation import external_url
from webapp.offers import hsds
from webapp.offers.models import (
    FeedItem,
    Location,
    Offer,
    OfferSession,
    Organization,
    Schedule,
    SignUp,
    SignUpStatus,
)
from webapp.offers.recurrence import Occurrence, occurrences

SESSION_SERIES = "SessionSeries"
SCHEDULED_SESSION = "ScheduledSession"
KINDS = {"session-series": SESSION_SERIES, "scheduled-sessions": SCHEDULED_SESSION}
SESSION_WEEKS = 8
MAX_SESSIONS = 60  # per offer and window
CONTEXT = "https://openactive.io/"
ACTIVITY_LIST = "https://openactive.io/activity-list"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
RPDE_MEDIA_TYPE = "application/vnd.openactive.rpde+json; version=1"
DAY_URLS = {
    "MO": "https://schema.org/Monday",
    "TU": "https://schema.org/Tuesday",
    "WE": "https://schema.org/Wednesday",
    "TH": "https://schema.org/Thursday",
    "FR": "https://schema.org/Friday",
    "SA": "https://schema.org/Saturday",
    "SU": "https://schema.org/Sunday",
}
_PENDING = "openactive_pending"


@cache
def activity_map() -> dict[str, list[dict[str, str]] | None]:
    """Our categories → concepts of the OpenActive activity list (kept as data, beside this file)."""
    data = json.loads(Path(__file__).with_name("openactive_activities.json").read_text("utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def activities(category: str) -> list[dict[str, str]]:
    return [
        {"@type": "Concept", "@id": concept["id"], "prefLabel": concept["prefLabel"], "inScheme": ACTIVITY_LIST}
        for concept in activity_map().get(category) or []
    ]


def _duration(minutes: int) -> str:
    hours, rest = divmod(max(minutes, 1), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def _minutes(schedule: Schedule) -> int:
    start = schedule.opens_at.hour * 60 + schedule.opens_at.minute
    end = schedule.closes_at.hour * 60 + schedule.closes_at.minute
    return end - start if end > start else 60


def item_url(offer: Offer, kind: str, item_id: str) -> str:
    path = "session-series" if kind == SESSION_SERIES else "scheduled-sessions"
    return external_url("offers.openactive_feed", municipality=offer.municipality, kind=path) + f"#{item_id}"


def _session_id(offer: Offer, occurrence: Occurrence) -> str:
    return f"{offer.uuid}-{occurrence.starts_at:%Y%m%dT%H%MZ}"


def address_region(municipality: Municipality) -> str:
    """The region the municipality belongs to, else the municipality itself."""
    return municipality.region.name if municipality.region is not None else municipality.name


def _location(offer: Offer) -> dict[str, Any]:
    location, municipality = offer.location, offer.municipality
    if location is None:
        return {"@type": "Place", "name": municipality.name, "address": municipality.address or municipality.name}
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "NO"}
    for key, value in (
        ("streetAddress", location.address),
        ("postalCode", location.postal_code),
        ("addressLocality", location.city or location.place or municipality.name),
        ("addressRegion", address_region(municipality)),
    ):
        if value:
            address[key] = value
    place: dict[str, Any] = {
        "@type": "Place",
        "@id": external_url("offers.openactive_dataset", municipality=municipality) + f"#place-{location.uuid}",
        "name": location.name,
        "address": address,
    }
    return place


def _organizer(offer: Offer) -> dict[str, Any]:
    municipality = offer.municipality
    home = external_url("offers.openactive_dataset", municipality=municipality)
    organization = offer.organization
    if organization is None:
        return {"@type": "Organization", "@id": home + "#organizer", "name": municipality.name, "url": home}
    data: dict[str, Any] = {
        "@type": "Organization",
        "@id": home + f"#organizer-{organization.uuid}",
        "name": organization.name,
        "url": organization.website or home,
    }
    if organization.email:
        data["email"] = organization.email
    if organization.phone:
        data["telephone"] = organization.phone
    return data


def series_data(offer: Offer) -> dict[str, Any]:
    locale = offer.municipality.default_locale if offer.municipality.default_locale in ("nb", "nn") else "nb"
    schedule = offer.schedule
    page = external_url("offers.detail", municipality=offer.municipality, offer_id=offer.id)
    series_id = item_url(offer, SESSION_SERIES, offer.uuid)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": SESSION_SERIES,
        "@id": series_id,
        "identifier": offer.uuid,
        "name": offer.text("title", locale),
        "description": offer.text("description", locale),
        "url": page,
        "eventStatus": "https://schema.org/EventScheduled",
        "inLanguage": [lang for lang in offer.languages.split(",") if lang],
        "activity": activities(offer.category),
        "organizer": _organizer(offer),
        "location": _location(offer),
        "offers": [
            {
                "@type": "Offer",
                "@id": series_id + "-offer",
                "identifier": f"{offer.uuid}-offer",
                "price": offer.price_nok,
                "priceCurrency": "NOK",
                "name": hsds.cost_option(offer, locale),
                "url": page,
            }
        ],
    }
    if offer.is_free:
        data["isAccessibleForFree"] = True
    if offer.capacity is not None:
        data["maximumAttendeeCapacity"] = offer.capacity
    if schedule is not None:
        data["duration"] = _duration(_minutes(schedule))
        rule: dict[str, Any] = {
            "@type": "PartialSchedule",
            "repeatFrequency": "P1W",
            "byDay": [DAY_URLS[d] for d in schedule.weekdays.split(",") if d in DAY_URLS],
            "startTime": schedule.opens_at.strftime("%H:%M"),
            "endTime": schedule.closes_at.strftime("%H:%M"),
            "scheduleTimezone": "Europe/Oslo",
            "startDate": schedule.dtstart.isoformat(),
        }
        if schedule.until is not None:
            rule["endDate"] = schedule.until.isoformat()
        data["eventSchedule"] = [rule]
    return {key: value for key, value in data.items() if value not in ("", [])}


def _taken(offer: Offer) -> tuple[int, dict[datetime, int]]:
    """Places taken for the whole series, and per session start."""
    rows = select(SignUp.session_id, func.count(SignUp.id)).where(
        SignUp.offer_id == offer.id, SignUp.status == SignUpStatus.CONFIRMED.value
    )
    from webapp.extensions import db

    counts = dict(db.session.execute(rows.group_by(SignUp.session_id)).all())
    starts = dict(
        db.session.execute(
            select(OfferSession.id, OfferSession.starts_at).where(OfferSession.offer_id == offer.id)
        ).all()
    )
    per_start: dict[datetime, int] = {}
    for session_id, starts_at in starts.items():
        per_start[starts_at] = counts.get(session_id, 0)
    return counts.get(None, 0), per_start


def session_data(offer: Offer, occurrence: Occurrence, remaining: int | None) -> dict[str, Any]:
    item_id = _session_id(offer, occurrence)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": SCHEDULED_SESSION,
        "@id": item_url(offer, SCHEDULED_SESSION, item_id),
        "identifier": item_id,
        "superEvent": item_url(offer, SESSION_SERIES, offer.uuid),
        "url": external_url("offers.detail", municipality=offer.municipality, offer_id=offer.id),
        "startDate": occurrence.local_start.isoformat(),
        "endDate": occurrence.local_end.isoformat(),
        "duration": _duration(int((occurrence.ends_at - occurrence.starts_at).total_seconds() // 60)),
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if offer.capacity is not None:
        data["maximumAttendeeCapacity"] = offer.capacity
        data["remainingAttendeeCapacity"] = remaining
    return data


def current_items(offer: Offer, now: datetime) -> dict[tuple[str, str], dict[str, Any]]:
    """What the feeds should hold for the offer now: nothing unless it is published and a
    physical activity on the OpenActive list."""
    if not offer.published or not activity_map().get(offer.category):
        return {}
    items: dict[tuple[str, str], dict[str, Any]] = {(SESSION_SERIES, offer.uuid): series_data(offer)}
    if offer.schedule is None:
        return items
    series_taken, per_start = _taken(offer)
    for occurrence in occurrences(offer.schedule, now, MAX_SESSIONS, before=now + timedelta(weeks=SESSION_WEEKS)):
        remaining = None
        if offer.capacity is not None:
            remaining = max(0, offer.capacity - series_taken - per_start.get(occurrence.starts_at, 0))
        items[(SCHEDULED_SESSION, _session_id(offer, occurrence))] = session_data(offer, occurrence, remaining)
    return items


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _Stamp:
    """Modified values for one refresh: the time in milliseconds, always above every earlier one."""

    def __init__(self, session: Session) -> None:
        latest = session.scalar(select(func.max(FeedItem.modified))) or 0
        self.value = max(int(utcnow().timestamp() * 1000), latest + 1) - 1

    def next(self) -> int:
        self.value += 1
        return self.value


def refresh(session: Session, offer_ids: Iterable[int]) -> int:
    """Bring the feed items of these offers up to date. Returns how many items changed."""
    now = utcnow()
    stamp: _Stamp | None = None
    changed = 0
    for offer_id in sorted(set(offer_ids)):
        offer = session.get(Offer, offer_id)
        if offer is None:
            continue
        wanted = {key: _dump(data) for key, data in current_items(offer, now).items()}
        held = {(i.kind, i.item_id): i for i in session.scalars(select(FeedItem).where(FeedItem.offer_id == offer_id))}
        for key, text in wanted.items():
            item = held.get(key)
            if item is not None and item.state == "updated" and item.data == text:
                continue
            stamp = stamp or _Stamp(session)
            if item is None:
                item = FeedItem(offer_id=offer.id, kind=key[0], item_id=key[1])
                session.add(item)
            item.municipality_id, item.state, item.data, item.modified = (
                offer.municipality_id,
                "updated",
                text,
                stamp.next(),
            )
            changed += 1
        for key, item in held.items():
            if key not in wanted and item.state != "deleted":
                stamp = stamp or _Stamp(session)
                item.state, item.data, item.modified = "deleted", None, stamp.next()
                changed += 1
    return changed


def page(municipality: Municipality, kind: str, after: tuple[int, str] | None, limit: int) -> list[FeedItem]:
    from webapp.extensions import db

    query = select(FeedItem).where(FeedItem.municipality_id == municipality.id, FeedItem.kind == kind)
    if after is not None:
        modified, item_id = after
        query = query.where(
            or_(FeedItem.modified > modified, and_(FeedItem.modified == modified, FeedItem.item_id > item_id))
        )
    return list(db.session.scalars(query.order_by(FeedItem.modified, FeedItem.item_id).limit(limit)))


def item_json(item: FeedItem) -> dict[str, Any]:
    data: dict[str, Any] = {"state": item.state, "kind": item.kind, "id": item.item_id, "modified": item.modified}
    if item.state == "updated" and item.data:
        data["data"] = json.loads(item.data)
    return data


# Keeping the feeds up to date: every flush notes the offers whose published picture may have
# changed; just before the transaction commits their items are refreshed and flushed with it.


def _offer_ids(session: Session, objects: Iterable[object]) -> set[int]:
    ids: set[int] = set()
    locations: set[int] = set()
    organizations: set[int] = set()
    for obj in objects:
        if isinstance(obj, Offer):
            ids.add(obj.id)
        elif isinstance(obj, Schedule | SignUp | OfferSession):
            if obj.offer_id is not None:
                ids.add(obj.offer_id)
        elif isinstance(obj, Location):
            locations.add(obj.id)
        elif isinstance(obj, Organization):
            organizations.add(obj.id)
    if locations or organizations:
        ids |= set(
            session.scalars(
                select(Offer.id).where(or_(Offer.location_id.in_(locations), Offer.organization_id.in_(organizations)))
            )
        )
    return {i for i in ids if i is not None}


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context: object) -> None:
    touched = [*session.new, *session.dirty, *session.deleted]
    if not any(isinstance(o, Offer | Schedule | SignUp | OfferSession | Location | Organization) for o in touched):
        return
    with session.no_autoflush:
        session.info.setdefault(_PENDING, set()).update(_offer_ids(session, touched))


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this hook: the changes are noted now
    for _round in range(3):  # a refresh flushes only feed items, which note nothing
        pending = session.info.pop(_PENDING, None)
        if not pending:
            return
        refresh(session, pending)
        session.flush()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def last_change(municipality: Municipality, kind: str) -> datetime | None:
    """When the feed last changed: its largest `modified`, as a time."""
    from webapp.extensions import db

    latest = db.session.scalar(
        select(func.max(FeedItem.modified)).where(FeedItem.municipality_id == municipality.id, FeedItem.kind == kind)
    )
    return datetime.fromtimestamp(latest / 1000, UTC) if latest else None

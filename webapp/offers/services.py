"""The catalogue: finding, reading and listing offers a citizen may join."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from time import monotonic as time_now

from flask_babel import get_locale
from sqlalchemy import and_, case, event, func, select
from sqlalchemy.orm import Mapper, object_session
from sqlalchemy.orm import Session as SessionBase

from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality, Unit, UnitKind
from webapp.municipalities.services import first_unit
from webapp.offers import queries, search
from webapp.offers.models import (
    JoinMode,
    Location,
    Offer,
    Schedule,
    StaircaseLevel,
    WalkingAid,
)
from webapp.offers.recurrence import Occurrence, occurrences
from webapp.transactions import atomic

PAGE_SIZE = 20
TIMES_OF_DAY = {
    "morning": (time(0, 0), time(12, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "evening": (time(17, 0), time(23, 59, 59)),
}


@dataclass
class Filters:
    q: str = ""
    category: str = ""
    place: str = ""
    weekday: str = ""
    time_of_day: str = ""
    target_group: str = ""
    walking_aid: str = ""  # "without": I do not use one; "with": I use one
    level: int | None = None
    free: bool = False
    no_referral: bool = False
    step_free: bool = False
    page: int = 1


@dataclass
class ResultPage:
    offers: list[Offer]
    total: int
    page: int
    pages: int
    levels: dict[int, StaircaseLevel] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _apply(query, filters: Filters):
    terms = search.terms(filters.q)
    query = query.where(*search.matching(terms, Offer.search_text))
    if filters.category:
        query = query.where(Offer.category == filters.category)
    if filters.target_group:
        query = query.where(Offer.target_group == filters.target_group)
    if filters.walking_aid in (WalkingAid.WITHOUT, WalkingAid.WITH):
        query = query.where(Offer.walking_aid.in_((WalkingAid.ANY.value, filters.walking_aid)))
    if filters.free:
        query = query.where(Offer.price_nok == 0)
    if filters.no_referral:
        query = query.where(Offer.join_mode.in_((JoinMode.DROP_IN.value, JoinMode.SIGN_UP.value)))
    if filters.place or filters.step_free:
        located = select(Location.id)
        if filters.place:
            located = located.where(Location.place == filters.place)
        if filters.step_free:
            located = located.where(Location.step_free.is_(True))
        query = query.where(Offer.location_id.in_(located))
    if filters.weekday or filters.time_of_day:
        scheduled = select(Schedule.offer_id)
        if filters.weekday:
            scheduled = scheduled.where(Schedule.weekdays.contains(filters.weekday))
        if filters.time_of_day in TIMES_OF_DAY:
            start, end = TIMES_OF_DAY[filters.time_of_day]
            scheduled = scheduled.where(and_(Schedule.opens_at >= start, Schedule.opens_at < end))
        query = query.where(Offer.id.in_(scheduled))
    if filters.level is not None:
        query = query.where(
            Offer.staircase_level_id.in_(select(StaircaseLevel.id).where(StaircaseLevel.rank == filters.level))
        )
    return query, terms


def find_offers(municipality: Municipality, filters: Filters, home_id: int | None = None) -> ResultPage:
    """Offers matching the filters: those of the person's own municipality (`home_id`, else the
    page's) first; then, with search words, those with the words in the title."""
    locale = str(get_locale() or "nb")
    home_id = home_id or municipality.id
    key = (municipality.id, locale, repr(filters), home_id)
    version = catalogue_version()
    cached = _RESULTS.get(key)
    if cached is not None and cached[0] == version:
        ids, total, page = cached[1]
    else:
        ids, total, page = _matching_ids(municipality, filters, locale, home_id)
        _RESULTS[key] = (version, (ids, total, page))
        if len(_RESULTS) > RESULT_CACHE_SIZE:
            _RESULTS.pop(next(iter(_RESULTS)))
    by_id = {o.id: o for o in db.session.scalars(select(Offer).where(Offer.id.in_(ids))).unique()} if ids else {}
    pages = max(1, -(-total // PAGE_SIZE))
    return ResultPage(offers=[by_id[i] for i in ids if i in by_id], total=total, page=page, pages=pages)


# Which ids a search gives, per process, until the catalogue changes: the search is a scan of the
# offers, and the same few searches come again and again. The version check is one indexed query.
RESULT_CACHE_SIZE = 512
_RESULTS: dict[tuple, tuple] = {}


VERSION_SECONDS = 1.0
_version: list[tuple[float, tuple]] = []


def catalogue_version() -> tuple:
    """Changes whenever an offer is added, changed, published or unpublished (offers are never
    deleted, only unpublished). Both maxima come from an index. Each process keeps the answer for a
    second (another process's change shows within that second); a change committed in this process
    is seen at once."""
    now = time_now()
    if _version and _version[0][0] > now:
        return _version[0][1]
    newest = select(func.max(Offer.id)).scalar_subquery()
    changed = select(func.max(Offer.updated_at)).scalar_subquery()
    value = tuple(db.session.execute(select(newest, changed)).one())
    _version[:] = [(now + VERSION_SECONDS, value)]
    return value


def forget_catalogue_version() -> None:
    _version.clear()


@event.listens_for(Offer, "after_insert")
@event.listens_for(Offer, "after_update")
@event.listens_for(Schedule, "after_insert")
@event.listens_for(Schedule, "after_update")
def _mark_changed(_mapper: Mapper, _connection, target: object) -> None:
    session = object_session(target)
    if session is not None:
        session.info["catalogue_changed"] = True


@event.listens_for(SessionBase, "before_flush")
def _touch_offers_of_changed_schedules(session: SessionBase, _context, _instances) -> None:
    """A new time changes what the lists show: the offer counts as changed too."""
    for item in session.dirty:
        if isinstance(item, Schedule) and item.offer is not None and session.is_modified(item):
            item.offer.updated_at = utcnow()


@event.listens_for(SessionBase, "after_commit")
def _forget_after_change(session: SessionBase) -> None:
    if session.info.pop("catalogue_changed", False):
        forget_catalogue_version()


def _matching_ids(
    municipality: Municipality, filters: Filters, locale: str, home_id: int
) -> tuple[list[int], int, int]:
    query, terms = _apply(queries.visible_in(municipality), filters)
    title_column = Offer.title_nn if locale == "nn" else Offer.title_nb
    order = [title_column, Offer.id]
    if terms:
        title_hit = and_(*[Offer.search_title.contains(t, autoescape=True) for t in terms])
        order.insert(0, case((title_hit, 0), else_=1))
    order.insert(0, case((Offer.municipality_id == home_id, 0), else_=1))
    # One scan gives both the page and the total.
    numbered = query.with_only_columns(Offer.id, func.count().over()).order_by(*order).limit(PAGE_SIZE)
    page = max(1, filters.page)
    rows = db.session.execute(numbered.offset((page - 1) * PAGE_SIZE)).all()
    if rows:
        return [r[0] for r in rows], rows[0][1], page
    total = db.session.scalar(query.with_only_columns(func.count(Offer.id)).order_by(None)) or 0
    last = max(1, -(-total // PAGE_SIZE))
    if total == 0 or page <= last:
        return [], total, min(page, last)
    rows = db.session.execute(numbered.offset((last - 1) * PAGE_SIZE)).all()
    return [r[0] for r in rows], total, last


def places(municipality: Municipality) -> list[str]:
    return list(db.session.scalars(queries.places_in(municipality)))


def staircase(municipality: Municipality) -> list[StaircaseLevel]:
    return list(
        db.session.scalars(
            select(StaircaseLevel)
            .where(StaircaseLevel.municipality_id == municipality.id)
            .order_by(StaircaseLevel.rank)
        )
    )


def allocation_office(offer: Offer) -> Unit | None:
    """Where to apply, for offers that need a decision."""
    if offer.join_mode != JoinMode.DECISION:
        return None
    return first_unit(offer.municipality, UnitKind.ALLOCATION_OFFICE)


def visible_offers(municipality: Municipality) -> list[Offer]:
    return list(db.session.scalars(queries.visible_in(municipality)).unique())


def get_visible_offer(municipality: Municipality, offer_id: int) -> Offer | None:
    return db.session.scalar(queries.visible_in(municipality).where(Offer.id == offer_id))


def get_published(offer_uuid: str) -> Offer | None:
    return db.session.scalar(select(Offer).where(Offer.uuid == offer_uuid, Offer.published.is_(True)))


def next_sessions(offer: Offer, limit: int = 6, after: datetime | None = None) -> list[Occurrence]:
    if offer.schedule is None:
        return []
    return occurrences(offer.schedule, after or utcnow(), limit)


def search_fields(offer: Offer) -> tuple[str, str]:
    """(title text, all text) of an offer, normalised for search."""
    titles = f"{offer.title_nb or ''} {offer.title_nn or ''}"
    parts = [
        titles,
        offer.description_nb,
        offer.description_nn,
        offer.eligibility_nb,
        offer.eligibility_nn,
        search.CATEGORY_WORDS.get(offer.category, ""),
    ]
    location = offer.location
    if location is not None:
        parts += [location.name, location.place, location.address]
    if offer.organization is not None:
        parts.append(offer.organization.name)
    words = search.normalise(" ".join(p or "" for p in parts)).split()
    # Each word once: the text is scanned on every search, so shorter is faster.
    return search.normalise(titles)[:400], " ".join(dict.fromkeys(words))


@atomic()
def reindex() -> int:
    """Recompute the search text of every offer, e.g. after the nn↔nb stems change. Returns the count."""
    count = 0
    for offer in db.session.scalars(select(Offer)).unique():
        offer.search_title, offer.search_text = search_fields(offer)
        count += 1
    return count


@event.listens_for(Offer, "before_insert")
@event.listens_for(Offer, "before_update")
def _refresh_search_text(_mapper: Mapper, _connection, offer: Offer) -> None:
    offer.search_title, offer.search_text = search_fields(offer)


def schedule_text(offer: Offer) -> str:
    """ "Every Tuesday at 10.00–11.00" in the reader's standard: «Kvar tysdag kl. 10.00–11.00»."""
    schedule = offer.schedule
    if schedule is None:
        return ""
    return _schedule_text(
        schedule.weekdays, schedule.rrule, schedule.opens_at, schedule.closes_at, str(get_locale() or "nb")
    )


@lru_cache(maxsize=1024)
def _schedule_text(weekdays: str, rrule: str, opens_at: time, closes_at: time, locale: str) -> str:
    from babel.dates import get_day_names
    from babel.lists import format_list
    from flask_babel import gettext as _

    names = get_day_names("wide", locale=locale)
    order = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    days = format_list([names[order.index(d)] for d in weekdays.split(",") if d in order], locale=locale)
    start, end = opens_at.strftime("%H.%M"), closes_at.strftime("%H.%M")
    interval = next((int(p[9:]) for p in rrule.split(";") if p.startswith("INTERVAL=") and p[9:].isdigit()), 1)
    if interval == 1:
        return _("Every week on %(days)s, %(start)s–%(end)s", days=days, start=start, end=end)
    if interval == 2:
        return _("Every other week on %(days)s, %(start)s–%(end)s", days=days, start=start, end=end)
    return _("Every %(n)s weeks on %(days)s, %(start)s–%(end)s", n=interval, days=days, start=start, end=end)

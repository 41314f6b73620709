"""A little history for the demo reports: past sessions of a few offers with sign-ups, attendance
and drop-ins, and a waiting list. Respite and volunteers have their own demo data. Safe to run
again: a session that exists is left as it is."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from webapp.clock import OSLO
from webapp.database import utcnow
from webapp.extensions import db
from webapp.months import month_of, months_back
from webapp.municipalities.services import get_by_slug
from webapp.offers.models import Attendance, JoinMode, Offer, OfferSession, SignUp, SignUpStatus
from webapp.transactions import atomic

SLUGS = ("oystre-slidre", "vestre-toten")
MONTHS = 6
OFFERS_PER_MUNICIPALITY = 4


def _offers(municipality_id: int) -> list[Offer]:
    return list(
        db.session.scalars(
            select(Offer)
            .where(
                Offer.municipality_id == municipality_id,
                Offer.published.is_(True),
                Offer.join_mode.in_((JoinMode.SIGN_UP.value, JoinMode.DROP_IN.value)),
            )
            .order_by(Offer.id)
            .limit(OFFERS_PER_MUNICIPALITY)
        )
    )


def _signup(offer: Offer, n: int, created_at: datetime, **values) -> SignUp:
    signup = SignUp(
        offer_id=offer.id,
        name=f"Deltakar {n}",
        phone="",
        locale="nn",
        created_at=created_at,
        status=values.pop("status", SignUpStatus.CONFIRMED.value),
        **values,
    )
    db.session.add(signup)
    return signup


def _session(offer: Offer, starts_at: datetime) -> int:
    if db.session.scalar(
        select(OfferSession.id).where(OfferSession.offer_id == offer.id, OfferSession.starts_at == starts_at)
    ):
        return 0
    seed = offer.id + starts_at.month + starts_at.day
    session = OfferSession(
        offer_id=offer.id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), drop_ins=seed % 4
    )
    db.session.add(session)
    db.session.flush()
    if offer.join_mode == JoinMode.SIGN_UP:
        for n in range(seed % 5 + 2):
            signup = _signup(offer, n, starts_at - timedelta(days=7), session_id=session.id)
            db.session.flush()
            db.session.add(Attendance(session_id=session.id, signup_id=signup.id, present=n > 0))
    return 1


def _waiting(offer: Offer, now: datetime) -> None:
    if db.session.scalar(
        select(SignUp.id).where(
            SignUp.offer_id == offer.id, SignUp.session_id.is_(None), SignUp.name.like("Deltakar %")
        )
    ):
        return
    _signup(offer, 1, now - timedelta(days=70), status=SignUpStatus.WAITING.value)
    _signup(offer, 2, now - timedelta(days=40), status=SignUpStatus.WAITING.value)
    _signup(offer, 3, now - timedelta(days=60), promoted_at=now - timedelta(days=12))


@atomic()
def load() -> list[str]:
    now = utcnow()
    this_month = month_of(now)
    added = 0
    for slug in SLUGS:
        municipality = get_by_slug(slug)
        if municipality is None:
            continue
        offers = _offers(municipality.id)
        for offer in offers:
            for back in range(MONTHS, -1, -1):
                month = months_back(this_month, back)
                for day in (8, 22):
                    starts_at = datetime.combine(date(month.year, month.month, day), time(10), tzinfo=OSLO)
                    if starts_at < now:
                        added += _session(offer, starts_at)
        sign_up = [o for o in offers if o.join_mode == JoinMode.SIGN_UP]
        if sign_up:
            _waiting(sign_up[0], now)
    return [f"reports: {added} past sessions with attendance"]

"""Figures for reports: sign-ups, attendance, waiting lists and use per staircase level.

Months are Oslo months (see webapp.months). Cancelled sign-ups and places still on the waiting
list are not sign-ups; attendance counts those marked present plus the drop-ins counted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.database import utcnow
from webapp.extensions import db
from webapp.months import bounds, local_start, month_of, month_starts, next_month
from webapp.municipalities.models import Municipality
from webapp.offers.models import Attendance, Offer, OfferSession, SignUp, SignUpStatus, StaircaseLevel


@dataclass(frozen=True)
class OfferMonth:
    offer_id: int
    title: str
    month: date
    signups: int
    present: int
    drop_ins: int

    @property
    def attended(self) -> int:
        return self.present + self.drop_ins


@dataclass(frozen=True)
class WaitingNow:
    offer_id: int
    title: str
    waiting: int


@dataclass(frozen=True)
class LevelUse:
    rank: int | None  # None: offers without a level
    title: str
    needs_decision: bool | None  # False: a low-threshold step
    offers: int
    signups: int
    attended: int


def _offers(municipality: Municipality) -> dict[int, Offer]:
    return {
        o.id: o
        for o in db.session.scalars(select(Offer).where(Offer.municipality_id == municipality.id).order_by(Offer.id))
    }


def activity(municipality: Municipality, first: date, last: date) -> list[OfferMonth]:
    """Per offer and month (only pairs with something to show): sign-ups made, people present,
    drop-ins. Sign-ups count in the month they were made; attendance in the month of the session."""
    offers = _offers(municipality)
    start, end = bounds(first, last)
    signups: Counter[tuple[int, date]] = Counter()
    for offer_id, created in db.session.execute(
        select(SignUp.offer_id, SignUp.created_at).where(
            SignUp.offer_id.in_(list(offers)),
            SignUp.status == SignUpStatus.CONFIRMED.value,
            SignUp.created_at >= start,
            SignUp.created_at < end,
        )
    ):
        signups[(offer_id, month_of(created))] += 1
    present: Counter[tuple[int, date]] = Counter()
    for offer_id, starts_at in db.session.execute(
        select(OfferSession.offer_id, OfferSession.starts_at)
        .join(Attendance, Attendance.session_id == OfferSession.id)
        .where(
            OfferSession.offer_id.in_(list(offers)),
            Attendance.present.is_(True),
            OfferSession.starts_at >= start,
            OfferSession.starts_at < end,
        )
    ):
        present[(offer_id, month_of(starts_at))] += 1
    drop_ins: Counter[tuple[int, date]] = Counter()
    for offer_id, starts_at, count in db.session.execute(
        select(OfferSession.offer_id, OfferSession.starts_at, OfferSession.drop_ins).where(
            OfferSession.offer_id.in_(list(offers)),
            OfferSession.drop_ins.is_not(None),
            OfferSession.starts_at >= start,
            OfferSession.starts_at < end,
        )
    ):
        drop_ins[(offer_id, month_of(starts_at))] += count
    rows = []
    for offer_id, offer in offers.items():
        for month in month_starts(first, last):
            key = (offer_id, month)
            if signups[key] or present[key] or drop_ins[key]:
                rows.append(OfferMonth(offer_id, offer.text("title"), month, signups[key], present[key], drop_ins[key]))
    return rows


def waiting_now(municipality: Municipality) -> list[WaitingNow]:
    """How many wait for a place now, per offer that has a waiting list."""
    offers = _offers(municipality)
    counts = Counter(
        db.session.scalars(
            select(SignUp.offer_id).where(
                SignUp.offer_id.in_(list(offers)), SignUp.status == SignUpStatus.WAITING.value
            )
        )
    )
    return [WaitingNow(offer_id, offers[offer_id].text("title"), count) for offer_id, count in sorted(counts.items())]


def waiting_by_month(
    municipality: Municipality, first: date, last: date, now: datetime | None = None
) -> list[tuple[date, int]]:
    """The waiting list's length at the end of each month (or now, for the running month).

    A place on the list runs from the sign-up until promotion. Someone who left the list by
    cancelling cannot be told apart from a cancelled place, so they are not counted."""
    now = now or utcnow()
    offers = _offers(municipality)
    spans = db.session.execute(
        select(SignUp.created_at, SignUp.promoted_at).where(
            SignUp.offer_id.in_(list(offers)),
            (SignUp.status == SignUpStatus.WAITING.value) | SignUp.promoted_at.is_not(None),
        )
    ).all()
    lengths = []
    for month in month_starts(first, last):
        moment = min(local_start(next_month(month)), now)
        lengths.append(
            (
                month,
                sum(1 for created, promoted in spans if created < moment and (promoted is None or promoted >= moment)),
            )
        )
    return lengths


def use_by_level(municipality: Municipality, first: date, last: date) -> list[LevelUse]:
    """Sign-ups and attendance per staircase level, lowest step first; offers without a level last."""
    levels = list(
        db.session.scalars(
            select(StaircaseLevel)
            .where(StaircaseLevel.municipality_id == municipality.id)
            .order_by(StaircaseLevel.rank)
        )
    )
    offers = _offers(municipality)
    signups: Counter[int | None] = Counter()
    attended: Counter[int | None] = Counter()
    for row in activity(municipality, first, last):
        level = offers[row.offer_id].staircase_level_id
        signups[level] += row.signups
        attended[level] += row.attended
    per_level = Counter(o.staircase_level_id for o in offers.values())
    result = [
        LevelUse(
            level.rank,
            level.text("title"),
            level.needs_decision,
            per_level[level.id],
            signups[level.id],
            attended[level.id],
        )
        for level in levels
    ]
    if per_level[None]:
        result.append(LevelUse(None, _("No level given"), None, per_level[None], signups[None], attended[None]))
    return result

"""Telling people when an offer they signed up for changes: a session is cancelled, or the time or
place of the series moves. Messages go by the channels each person chose, in their own standard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select

from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.services import notify
from webapp.offers import queries
from webapp.offers.models import Offer, OfferSession, SignUp, SignUpStatus
from webapp.offers.recurrence import Occurrence, occurrences
from webapp.offers.services import schedule_text
from webapp.offers.signups import organiser_of, recipient_of_signup, withdraw_escorts
from webapp.transactions import atomic


class ChangeError(Exception):
    """A change that cannot be made, with a message for the editor."""


@dataclass(frozen=True)
class Plan:
    """What a participant needs to know to turn up: when and where."""

    opens_at: time | None
    closes_at: time | None
    rrule: str
    place: str

    @classmethod
    def of(cls, offer: Offer) -> Plan:
        schedule, location = offer.schedule, offer.location
        return cls(
            schedule.opens_at if schedule else None,
            schedule.closes_at if schedule else None,
            schedule.rrule if schedule else "",
            location.name if location else "",
        )


def _active(offer_id: int, session_id: int | None = None) -> list[SignUp]:
    """Everyone with a place or on the waiting list: the series, plus one session if given."""
    scope = SignUp.session_id.is_(None)
    if session_id is not None:
        scope = or_(scope, SignUp.session_id == session_id)
    return list(
        db.session.scalars(
            select(SignUp).where(SignUp.offer_id == offer_id, scope, SignUp.status.in_(queries.confirmed_or_waiting()))
        )
    )


def _where(offer: Offer) -> str:
    location = offer.location
    return (location.address or location.name) if location else ""


def _schedule_in(offer: Offer, locale: str) -> str:
    with force_locale(locale):
        return schedule_text(offer)


def tell_about_change(offer: Offer, before: Plan) -> int:
    """After an edit: if the time or the place moved, tell everyone signed up, in the caller's transaction."""
    if Plan.of(offer) == before:
        return 0
    people = _active(offer.id)
    people += list(
        db.session.scalars(
            select(SignUp)
            .join(OfferSession)
            .where(
                SignUp.offer_id == offer.id,
                SignUp.status.in_(queries.confirmed_or_waiting()),
                OfferSession.starts_at >= utcnow(),
            )
        )
    )
    for signup in people:
        notify(
            recipient_of_signup(signup),
            "offers_changed",
            required=True,
            sender=organiser_of(offer),
            my_pages=signup.user_id is not None,
            name=signup.name,
            title=offer.text("title", signup.locale),
            place=_where(offer),
            when=_schedule_in(offer, signup.locale),
        )
    return len(people)


def coming_sessions(offer: Offer, limit: int = 12) -> list[Occurrence]:
    return occurrences(offer.schedule, utcnow(), limit) if offer.schedule else []


@atomic()
def cancel_session(offer: Offer, starts_at: str, reason: str = "") -> int:
    """Cancel one coming session: it leaves the schedule, one-session sign-ups end, and everyone
    who would have come is told. Returns how many were told."""
    try:
        when = datetime.fromisoformat(starts_at)
    except ValueError:
        raise ChangeError(_("Choose one of the coming sessions.")) from None
    match = next((o for o in coming_sessions(offer, 60) if o.starts_at == when), None)
    if match is None:
        raise ChangeError(_("Choose one of the coming sessions."))
    schedule = offer.schedule
    schedule.exdates = ",".join(sorted({*schedule.exdates.split(","), match.local_start.date().isoformat()} - {""}))
    session = db.session.scalar(
        select(OfferSession).where(OfferSession.offer_id == offer.id, OfferSession.starts_at == match.starts_at)
    )
    people = _active(offer.id, session.id if session else None)
    for signup in people:
        if signup.session_id is not None:
            signup.status, signup.cancelled_at = SignUpStatus.CANCELLED.value, utcnow()
        withdraw_escorts(signup, match.starts_at)
        notify(
            recipient_of_signup(signup),
            "offers_session_cancelled",
            required=True,
            sender=organiser_of(offer),
            my_pages=signup.user_id is not None,
            name=signup.name,
            title=offer.text("title", signup.locale),
            starts_at=match.starts_at,
            reason=reason.strip()[:300],
        )
    return len(people)

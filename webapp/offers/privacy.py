"""Offers' part of what the service holds about a person (see `webapp.personal_data`): their
sign-ups, made logged in or with their e-mail address, the escort asked for and the attendance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, or_, select

from webapp.database import utcnow
from webapp.extensions import db
from webapp.offers.models import Attendance, EscortRequest, SignUp, SignUpStatus
from webapp.offers.signals import escort_forgotten
from webapp.offers.signups import cancel_in_transaction
from webapp.personal_data import Part, Traces


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def signups_of(user: Any) -> list[SignUp]:
    """Sign-ups made logged in, and those made without logging in from the account's address."""
    mine = SignUp.user_id == user.id
    if user.email:
        mine = or_(mine, and_(SignUp.user_id.is_(None), func.lower(SignUp.email) == user.email.lower()))
    return list(db.session.scalars(select(SignUp).where(mine).order_by(SignUp.created_at, SignUp.id)))


def escort_request_ids(signups: list[SignUp]) -> list[int]:
    ids = [s.id for s in signups]
    return list(db.session.scalars(select(EscortRequest.id).where(EscortRequest.signup_id.in_(ids)))) if ids else []


def _requests(signup: SignUp) -> list[EscortRequest]:
    return list(
        db.session.scalars(
            select(EscortRequest).where(EscortRequest.signup_id == signup.id).order_by(EscortRequest.starts_at)
        )
    )


def export(user: Any) -> dict[str, Any]:
    out = []
    for signup in signups_of(user):
        attendance = db.session.scalars(select(Attendance).where(Attendance.signup_id == signup.id))
        out.append(
            {
                "offer": signup.offer.text("title", signup.locale),
                "session_starts_at": _iso(signup.session.starts_at) if signup.session else None,
                "status": signup.status,
                "name": signup.name,
                "phone": signup.phone,
                "email": signup.email,
                "needs_escort": signup.needs_escort,
                "created_at": _iso(signup.created_at),
                "promoted_at": _iso(signup.promoted_at),
                "cancelled_at": _iso(signup.cancelled_at),
                "escort_requests": [
                    {"starts_at": _iso(r.starts_at), "needs_transport": r.needs_transport, "note": r.note}
                    for r in _requests(signup)
                ],
                "attendance": [
                    {"session_id": a.session_id, "present": a.present, "marked_at": _iso(a.marked_at)}
                    for a in attendance
                ],
            }
        )
    return {"signups": out}


def traces(user: Any) -> list[str]:
    return [value for s in signups_of(user) for value in (s.name, s.phone, s.email)]


def erase(user: Any, _traces: Traces) -> None:
    """Places still to come are given up (the waiting list moves on, the escort is called off);
    past sign-ups stay for the attendance figures without a name, a number or an address."""
    now = utcnow()
    for signup in signups_of(user):
        ahead = signup.session is None or signup.session.starts_at >= now
        if ahead and signup.status != SignUpStatus.CANCELLED:
            cancel_in_transaction(signup)
        for request in _requests(signup):
            request.note = ""
            escort_forgotten.send(signup.offer, request_id=request.id)
        signup.name, signup.phone, signup.email = "", "", ""
    db.session.flush()


PART = Part(
    "offers",
    export=export,
    erase=erase,
    traces=traces,
    tables=("offer_signups", "offer_escort_requests", "offer_attendance"),
    not_personal={
        "offers": "The published offers. The contact person is whom the organiser chose to publish, not an account.",
        "offer_locations": "Public places where offers meet.",
        "offer_organizations": "The organisers' public contact details.",
        "offer_schedules": "When offers meet.",
        "offer_sessions": "Single meetings of an offer, with counts of drop-ins.",
        "offer_feed_items": "The published offers and sessions as OpenActive open data, with places left as a number.",
        "staircase_levels": "The municipality's steps of help.",
    },
)

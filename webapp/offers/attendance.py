"""Attendance lists: who is expected at a session, who came, and how many dropped in; and a group's
phone list. A session row is made only when attendance is saved (GET never writes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from webapp import clock
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.offers import queries
from webapp.offers.models import Attendance, Offer, OfferSession, SignUp, SignUpStatus
from webapp.offers.recurrence import Occurrence, occurrences
from webapp.offers.signups import SignUpError, _lock_offer, _session_for
from webapp.transactions import atomic

MAX_DROP_INS = 500


class AttendanceError(Exception):
    """An attendance list that cannot be shown or saved; the message is translated."""


@dataclass(frozen=True)
class DaySession:
    offer: Offer
    occurrence: Occurrence


@dataclass(frozen=True)
class AttendanceRow:
    signup: SignUp
    present: bool | None  # None: not marked yet


@dataclass(frozen=True)
class AttendanceList:
    offer: Offer
    day: date
    occurrence: Occurrence
    rows: list[AttendanceRow]
    drop_ins: int | None
    marked: bool


def _on(offer: Offer, day: date) -> list[Occurrence]:
    if offer.schedule is None:
        return []
    start, end = clock.day_bounds(day)
    return occurrences(offer.schedule, start, 5, before=end)


def sessions_on(municipality: Municipality, day: date) -> list[DaySession]:
    """The municipality's published offers that meet on the day, earliest first."""
    offers = db.session.scalars(queries.owned_by(municipality).where(Offer.published.is_(True))).unique()
    found = [DaySession(offer, occurrence) for offer in offers for occurrence in _on(offer, day)]
    return sorted(found, key=lambda s: (s.occurrence.starts_at, s.offer.text("title")))


def occurrence_on(offer: Offer, day: date) -> Occurrence:
    """The offer's session that day (a schedule has one opening time, so at most one a day)."""
    found = _on(offer, day)
    if not found:
        raise AttendanceError(_("The offer does not meet on that day."))
    return found[0]


def _existing_session(offer: Offer, occurrence: Occurrence) -> OfferSession | None:
    return db.session.scalar(
        select(OfferSession).where(OfferSession.offer_id == offer.id, OfferSession.starts_at == occurrence.starts_at)
    )


def _expected(offer: Offer, session: OfferSession | None) -> list[SignUp]:
    """Confirmed sign-ups for the whole series, and for this one session."""
    scope = SignUp.session_id.is_(None)
    if session is not None:
        scope = or_(scope, SignUp.session_id == session.id)
    return list(
        db.session.scalars(
            select(SignUp)
            .where(SignUp.offer_id == offer.id, SignUp.status == SignUpStatus.CONFIRMED.value, scope)
            .order_by(SignUp.name, SignUp.id)
        )
    )


def attendance_list(offer: Offer, day: date) -> AttendanceList:
    occurrence = occurrence_on(offer, day)
    session = _existing_session(offer, occurrence)
    marks: dict[int, bool] = {}
    if session is not None:
        marks = {
            row.signup_id: row.present
            for row in db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
        }
    rows = [AttendanceRow(signup, marks.get(signup.id)) for signup in _expected(offer, session)]
    return AttendanceList(
        offer,
        day,
        occurrence,
        rows,
        session.drop_ins if session else None,
        marked=bool(marks) or (session is not None and session.drop_ins is not None),
    )


def day_lists(municipality: Municipality, day: date) -> list[AttendanceList]:
    """Every attendance list of the day, for printing them all at once."""
    return [attendance_list(s.offer, day) for s in sessions_on(municipality, day)]


@atomic()
def mark(offer: Offer, day: date, present_ids: Iterable[int], drop_ins: int | None, today: date) -> OfferSession:
    """Save who came. Saving again overwrites the marks (one row per person and session)."""
    if day > today:
        raise AttendanceError(_("You can mark attendance from the day of the session."))
    if drop_ins is not None and not 0 <= drop_ins <= MAX_DROP_INS:
        raise AttendanceError(_("Write a number of people from 0 to %(max)s.", max=MAX_DROP_INS))
    try:
        occurrence = occurrence_on(offer, day)
        _lock_offer(offer.id)
        session = _session_for(offer, occurrence.starts_at)
        expected = {signup.id for signup in _expected(offer, session)}
        present = set(present_ids)
        if not present <= expected:
            raise AttendanceError(_("Someone you marked is not on this attendance list."))
        existing = {
            row.signup_id: row
            for row in db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
        }
        now = utcnow()
        for signup_id in sorted(expected):
            row = existing.get(signup_id)
            if row is None:
                row = Attendance(session_id=session.id, signup_id=signup_id)
                db.session.add(row)
            row.present, row.marked_at = signup_id in present, now
        session.drop_ins = drop_ins
    except SignUpError as exc:
        raise AttendanceError(str(exc)) from exc
    return session


def phone_list(offer: Offer) -> list[SignUp]:
    """The group: confirmed sign-ups for the whole series, by name."""
    confirmed = queries.active_signups(offer.id, None, SignUpStatus.CONFIRMED.value)
    return list(db.session.scalars(confirmed.order_by(SignUp.name, SignUp.id)))

"""Who has read a person's respite data, and the person's own copy and erasure."""
from __future__ import annotations

import json
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select

from webapp.accounts.models import User
from webapp.extensions import db
from webapp.respite import queries
from webapp.respite.models import (
    Application, ApplicationEvent, ApplicationStatus, AuditEntry, Booking, CareReceiver, Decision,
    DecisionRelative, OPEN_APPLICATION, WaitingListEntry,
)

# The health record must be kept at least ten years after the last entry (pasientjournalforskrifta § 15).
RETENTION_YEARS = 10



def log_read(actor: User, what: str, why: str, *, care_receiver_id: int | None = None,
             application_id: int | None = None, commit: bool = True) -> None:
    """Record that a member of staff read a person's respite data."""
    db.session.add(AuditEntry(actor_id=actor.id, care_receiver_id=care_receiver_id,
                              application_id=application_id, what=what[:40],
                              why=why[:200]))
    if commit:
        db.session.commit()


def what_title(what: str) -> str:
    titles = {
        "decision": _("The decision and its bookings"),
        "application": _("The application"),
        "occupancy": _("Arrivals and departures at the unit"),
        "booking": _("A booking waiting for approval"),
    }
    return titles.get(what, what)


def why_title(why: str) -> str:
    titles = {
        "processing_application": _("Processing the application"),
        "processing_decision": _("Processing the decision"),
        "receiving": _("Receiving the person at the unit"),
    }
    return titles.get(why, why)


def reads_for_relative(user: User, municipality_id: int) -> list[AuditEntry]:
    """Staff reads of the people this relative books for, and of the relative's own applications."""
    receiver_ids = [d.care_receiver_id for d in db.session.scalars(
        queries.decisions_of_relative(user.id, municipality_id))]
    return _reads(user, receiver_ids)


def _reads(user: User, receiver_ids: list[int]) -> list[AuditEntry]:
    application_ids = list(db.session.scalars(select(Application.id).where(
        Application.applicant_id == user.id)))
    if not receiver_ids and not application_ids:
        return []
    return list(db.session.scalars(select(AuditEntry).where(or_(
        AuditEntry.care_receiver_id.in_(receiver_ids), AuditEntry.application_id.in_(application_ids),
    )).order_by(AuditEntry.at.desc()).limit(200)))


def export(user: User) -> str:
    """Everything respite holds about the relative and the people they book for, as JSON."""
    decisions = list(db.session.scalars(
        select(Decision).where(Decision.relatives.any(DecisionRelative.user_id == user.id))))
    data = {
        "applications": [
            {
                "id": a.id, "created_at": a.created_at.isoformat(), "status": a.status,
                "receiver_name": a.receiver_name, "receiver_birth_year": a.receiver_birth_year,
                "relation": a.relation, "care_work": a.care_work, "hours_per_week": a.hours_per_week,
                "what_would_help": a.what_would_help, "kind_wanted": a.kind_wanted,
                "consent": a.consent, "consent_by": a.consent_by,
                "history": [{"status": e.status, "at": e.at.isoformat(), "note": e.note} for e in a.events],
            }
            for a in db.session.scalars(select(Application).where(Application.applicant_id == user.id))
        ],
        "decisions": [
            {
                "id": d.id, "care_receiver": d.care_receiver.name, "birth_year": d.care_receiver.birth_year,
                "kind": d.kind, "quota": f"{d.quota_amount} {d.quota_unit}",
                "period": d.period_kind, "period_days": d.period_days,
                "valid_from": d.valid_from.isoformat(), "valid_to": d.valid_to.isoformat(),
                "status": d.status, "units": [u.name for u in d.units],
                "consent": [
                    {"given_by": r.consent_given_by, "date": r.consent_date.isoformat(), "method": r.consent_method}
                    for r in d.relatives if r.user_id == user.id
                ],
                "bookings": [
                    {"id": b.id, "unit": b.respite_unit.name, "arrival": b.arrival.isoformat(),
                     "departure": b.departure.isoformat(), "status": b.status, "reason": b.reason}
                    for b in db.session.scalars(select(Booking).where(Booking.decision_id == d.id))
                ],
            }
            for d in decisions
        ],
        "staff_reads": [
            {"at": e.at.isoformat(), "by": e.actor.name if e.actor else "", "what": e.what, "why": e.why}
            for e in _reads(user, [d.care_receiver_id for d in decisions])
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def erase(user: User) -> int:
    """Erase what the law allows: applications that did not lead to a decision. Decisions and
    bookings are part of the health record and are kept (pasientjournalloven). Returns how many
    applications were anonymised."""
    count = 0
    for application in db.session.scalars(select(Application).where(
            Application.applicant_id == user.id,
            Application.status != ApplicationStatus.GRANTED)):
        if application.status in OPEN_APPLICATION:
            application.events.append(ApplicationEvent(status=ApplicationStatus.WITHDRAWN, by_id=user.id))
            application.status = ApplicationStatus.WITHDRAWN
        application.receiver_name = ""
        application.relation = ""
        application.care_work = ""
        application.what_would_help = ""
        application.consent_by = ""
        application.hours_per_week = ""
        application.applicant_id = None
        count += 1
    db.session.commit()
    return count


def erase_expired(today: date, years: int = RETENTION_YEARS) -> int:
    """Erase decisions whose period ended more than `years` ago, with their bookings, waiting list,
    the application behind them and the log of reads; the person cared for too when no decision
    is left. Returns how many decisions were erased."""
    from webapp.respite.reconfirm import StayReconfirmation

    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    decisions = list(db.session.scalars(select(Decision).where(Decision.valid_to < cutoff)))
    if not decisions:
        return 0
    ids = [d.id for d in decisions]
    receivers = {d.care_receiver_id for d in decisions}
    applications = {d.application_id for d in decisions if d.application_id}
    quietly = {"synchronize_session": False}
    bookings = select(Booking.id).where(Booking.decision_id.in_(ids)).scalar_subquery()
    db.session.execute(delete(StayReconfirmation).where(StayReconfirmation.booking_id.in_(bookings)),
                       execution_options=quietly)
    db.session.execute(delete(WaitingListEntry).where(WaitingListEntry.decision_id.in_(ids)),
                       execution_options=quietly)
    db.session.execute(delete(Booking).where(Booking.decision_id.in_(ids)), execution_options=quietly)
    for decision in decisions:
        db.session.delete(decision)  # the relatives' consent and the unit links go with it
    db.session.flush()
    kept = set(db.session.scalars(select(Decision.application_id).where(Decision.application_id.in_(applications))))
    for application in db.session.scalars(select(Application).where(Application.id.in_(applications - kept))):
        db.session.execute(delete(AuditEntry).where(AuditEntry.application_id == application.id),
                           execution_options=quietly)
        db.session.delete(application)
    kept = set(db.session.scalars(select(Decision.care_receiver_id).where(Decision.care_receiver_id.in_(receivers))))
    for receiver_id in receivers - kept:
        db.session.execute(delete(AuditEntry).where(AuditEntry.care_receiver_id == receiver_id),
                           execution_options=quietly)
        db.session.execute(delete(CareReceiver).where(CareReceiver.id == receiver_id), execution_options=quietly)
    db.session.commit()
    db.session.expire_all()
    return len(decisions)

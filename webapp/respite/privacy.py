"""Who has read a person's respite data; the person's own copy and erasure; the retention times.

Every staff read is logged by the service that loads the data for staff (`office`, `staff`,
`summary`), never by a view, so a new page cannot forget it."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from webapp import clock
from webapp.accounts.models import User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.personal_data import Part, Traces
from webapp.respite import queries
from webapp.respite.models import (
    OPEN_APPLICATION,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    AuditEntry,
    Booking,
    CareReceiver,
    Decision,
    DecisionRelative,
    RespiteUnit,
    StaffUnit,
    WaitingListEntry,
    WaitStatus,
)
from webapp.transactions import atomic

# The health record must be kept at least ten years after the last entry (pasientjournalforskrifta § 15).
RETENTION_YEARS = 10
HEALTH_RECORD = (
    "Part of the health record of the person cared for: kept at least ten years after "
    "the last entry (pasientjournalforskrifta § 15), then erased by `flask respite "
    "erase-expired`."
)


def log_read(
    actor: User, what: str, why: str, *, care_receiver_id: int | None = None, application_id: int | None = None
) -> None:
    """Record that a member of staff read a person's respite data. Its own unit of work, committed
    at once (the pages call it before any action): the read happened even if the action that
    follows is refused or rolled back."""
    with atomic():
        db.session.add(
            AuditEntry(
                actor_id=actor.id,
                care_receiver_id=care_receiver_id,
                application_id=application_id,
                what=what[:40],
                why=why[:200],
            )
        )


def log_reads(actor: User, what: str, why: str, care_receiver_ids: set[int]) -> None:
    """One entry per person cared for whom a page shows, committed together."""
    with atomic():
        for receiver_id in sorted(care_receiver_ids):
            db.session.add(AuditEntry(actor_id=actor.id, care_receiver_id=receiver_id, what=what[:40], why=why[:200]))


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
    receiver_ids = [
        d.care_receiver_id for d in db.session.scalars(queries.decisions_of_relative(user.id, municipality_id))
    ]
    return _reads(user, receiver_ids)


def _reads(user: User, receiver_ids: list[int]) -> list[AuditEntry]:
    application_ids = list(db.session.scalars(select(Application.id).where(Application.applicant_id == user.id)))
    if not receiver_ids and not application_ids:
        return []
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                or_(
                    AuditEntry.care_receiver_id.in_(receiver_ids),
                    AuditEntry.application_id.in_(application_ids),
                )
            )
            .order_by(AuditEntry.at.desc())
            .limit(200)
        )
    )


# --- the person's own copy and erasure ---------------------------------------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_data(user: User) -> dict[str, Any]:
    """Everything respite holds about the relative and the people they book for."""
    from webapp.respite.reconfirm import StayReconfirmation

    decisions = list(
        db.session.scalars(select(Decision).where(Decision.relatives.any(DecisionRelative.user_id == user.id)))
    )
    answers = {
        r.booking_id: r.answer
        for r in db.session.scalars(
            select(StayReconfirmation)
            .join(Booking, Booking.id == StayReconfirmation.booking_id)
            .where(Booking.decision_id.in_([d.id for d in decisions]))
        )
    }
    return {
        "applications": [
            {
                "id": a.id,
                "created_at": a.created_at.isoformat(),
                "status": a.status,
                "receiver_name": a.receiver_name,
                "receiver_birth_year": a.receiver_birth_year,
                "relation": a.relation,
                "care_work": a.care_work,
                "hours_per_week": a.hours_per_week,
                "what_would_help": a.what_would_help,
                "kind_wanted": a.kind_wanted,
                "consent": a.consent,
                "consent_by": a.consent_by,
                "history": [{"status": e.status, "at": e.at.isoformat(), "note": e.note} for e in a.events],
            }
            for a in db.session.scalars(select(Application).where(Application.applicant_id == user.id))
        ],
        "decisions": [
            {
                "id": d.id,
                "care_receiver": d.care_receiver.name,
                "birth_year": d.care_receiver.birth_year,
                "kind": d.kind,
                "quota": f"{d.quota_amount} {d.quota_unit}",
                "period": d.period_kind,
                "period_days": d.period_days,
                "valid_from": d.valid_from.isoformat(),
                "valid_to": d.valid_to.isoformat(),
                "status": d.status,
                "units": [u.name for u in d.units],
                "consent": [
                    {"given_by": r.consent_given_by, "date": r.consent_date.isoformat(), "method": r.consent_method}
                    for r in d.relatives
                    if r.user_id == user.id
                ],
                "bookings": [
                    {
                        "id": b.id,
                        "unit": b.respite_unit.name,
                        "arrival": b.arrival.isoformat(),
                        "departure": b.departure.isoformat(),
                        "status": b.status,
                        "reason": b.reason,
                        "booked_by_you": b.booked_by_id == user.id,
                        "reconfirmation": answers.get(b.id),
                    }
                    for b in db.session.scalars(select(Booking).where(Booking.decision_id == d.id))
                ],
            }
            for d in decisions
        ],
        "waiting_list": [
            {
                "decision": e.decision_id,
                "unit": e.respite_unit.name,
                "day": e.day.isoformat(),
                "status": e.status,
                "offered_at": _iso(e.offered_at),
            }
            for e in db.session.scalars(
                select(WaitingListEntry).where(WaitingListEntry.user_id == user.id).order_by(WaitingListEntry.day)
            )
        ],
        "units_you_work_at": [
            unit.name
            for unit in db.session.scalars(
                select(RespiteUnit)
                .join(StaffUnit, StaffUnit.respite_unit_id == RespiteUnit.id)
                .where(StaffUnit.user_id == user.id)
            )
        ],
        "staff_reads": [
            {"at": e.at.isoformat(), "by": e.actor.name if e.actor else "", "what": e.what, "why": e.why}
            for e in _reads(user, [d.care_receiver_id for d in decisions])
        ],
    }


def export(user: User) -> str:
    return json.dumps(export_data(user), ensure_ascii=False, indent=2)


@atomic()
def erase_applications(user: User) -> int:
    """Anonymise what the law allows: applications that did not lead to a decision. Decisions and
    bookings are part of the health record and are kept. Returns how many applications were
    anonymised."""
    count = 0
    for application in db.session.scalars(
        select(Application).where(Application.applicant_id == user.id, Application.status != ApplicationStatus.GRANTED)
    ):
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
    db.session.flush()
    return count


def erase(user: User, _traces: Traces) -> None:
    """On erasure of the account: applications without a decision are anonymised, places on the
    waiting list are given up (an open offer passes on), and access to units ends. Decisions,
    bookings and the relatives' consent are kept (see `kept` below)."""
    from webapp.respite.rules import lock
    from webapp.respite.services import offer_freed

    erase_applications(user)
    now = utcnow()
    for entry in db.session.scalars(
        select(WaitingListEntry).where(
            WaitingListEntry.user_id == user.id, WaitingListEntry.status.in_((WaitStatus.WAITING, WaitStatus.OFFERED))
        )
    ):
        lock(entry.decision_id, [entry.respite_unit_id])
        db.session.refresh(entry)
        was_offered = entry.status == WaitStatus.OFFERED
        entry.status = WaitStatus.LEFT
        if was_offered:
            offer_freed(entry.respite_unit, entry.day, entry.day, now=now)
    db.session.execute(delete(StaffUnit).where(StaffUnit.user_id == user.id))
    db.session.flush()


# --- retention -----------------------------------------------------------------------------------


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _oslo_day(moment: datetime | None) -> date:
    return clock.today(moment) if moment else date.min


def last_entry(decision: Decision) -> date:
    """The day of the last entry in the decision's record: its end, a change, a booking. A last
    day typed wrong (2016 for 2026) does not make a decision changed this year look old."""
    bookings = db.session.execute(
        select(func.max(Booking.departure), func.max(Booking.updated_at)).where(Booking.decision_id == decision.id)
    ).one()
    return max(
        decision.valid_to,
        _oslo_day(decision.changed_at),
        _oslo_day(decision.created_at),
        bookings[0] or date.min,
        _oslo_day(bookings[1]),
    )


@atomic()
def erase_expired(today: date, years: int = RETENTION_YEARS) -> int:
    """Erase decisions whose last entry is more than `years` old, with their bookings, waiting
    list and the application behind them; the person cared for too when no decision is left.
    The log of reads stays for its own time (`erase_old_reads`), no longer saying whom it was
    about. Returns how many decisions were erased."""
    from webapp.respite.reconfirm import StayReconfirmation

    cutoff = _years_before(today, years)
    decisions = [
        d for d in db.session.scalars(select(Decision).where(Decision.valid_to < cutoff)) if last_entry(d) < cutoff
    ]
    if not decisions:
        return 0
    ids = [d.id for d in decisions]
    receivers = {d.care_receiver_id for d in decisions}
    applications = {d.application_id for d in decisions if d.application_id}
    quietly = {"synchronize_session": False}
    bookings = select(Booking.id).where(Booking.decision_id.in_(ids)).scalar_subquery()
    db.session.execute(
        delete(StayReconfirmation).where(StayReconfirmation.booking_id.in_(bookings)), execution_options=quietly
    )
    db.session.execute(delete(WaitingListEntry).where(WaitingListEntry.decision_id.in_(ids)), execution_options=quietly)
    db.session.execute(delete(Booking).where(Booking.decision_id.in_(ids)), execution_options=quietly)
    for decision in decisions:
        db.session.delete(decision)  # the relatives' consent and the unit links go with it
    db.session.flush()
    kept = set(db.session.scalars(select(Decision.application_id).where(Decision.application_id.in_(applications))))
    for application in db.session.scalars(select(Application).where(Application.id.in_(applications - kept))):
        db.session.execute(
            update(AuditEntry).where(AuditEntry.application_id == application.id).values(application_id=None),
            execution_options=quietly,
        )
        db.session.delete(application)
    kept = set(db.session.scalars(select(Decision.care_receiver_id).where(Decision.care_receiver_id.in_(receivers))))
    for receiver_id in receivers - kept:
        db.session.execute(
            update(AuditEntry).where(AuditEntry.care_receiver_id == receiver_id).values(care_receiver_id=None),
            execution_options=quietly,
        )
        db.session.execute(delete(CareReceiver).where(CareReceiver.id == receiver_id), execution_options=quietly)
    db.session.flush()
    db.session.expire_all()  # the bulk statements above went past the session
    return len(decisions)


@atomic()
def erase_old_reads(today: date, years: int | None = None) -> int:
    """Erase entries of the read log older than its own retention time. Returns how many."""
    years = current_app.config["READ_LOG_RETENTION_YEARS"] if years is None else years
    cutoff = datetime.combine(_years_before(today, years), time(), tzinfo=clock.OSLO)
    result = db.session.execute(
        delete(AuditEntry).where(AuditEntry.at < cutoff), execution_options={"synchronize_session": False}
    )
    return result.rowcount or 0


PART = Part(
    "respite",
    export=export_data,
    erase=erase,
    tables=("respite_waiting_list", "respite_staff_units"),
    kept={
        "respite_decisions": HEALTH_RECORD,
        "respite_decision_relatives": HEALTH_RECORD + " It shows who was allowed to book, on whose consent.",
        "respite_bookings": HEALTH_RECORD,
        "respite_reconfirmations": HEALTH_RECORD,
        "respite_care_receivers": HEALTH_RECORD,
        "respite_applications": HEALTH_RECORD + " Only an application that led to a decision is kept; "
        "the others are anonymised.",
        "respite_application_events": HEALTH_RECORD,
        "respite_audit_log": "The log of staff reads (pasientjournalloven § 22, pasientjournalforskrifta "
        "§ 14); a person may ask who has read their record (pasientjournalloven § 18). "
        "Kept READ_LOG_RETENTION_YEARS from each read, also after the record is erased "
        "(then it no longer says whom it was about).",
    },
    not_personal={
        "respite_units": "The units that have respite places.",
        "respite_capacity_periods": "Places per unit over time.",
        "respite_closed_periods": "When a unit is closed.",
        "respite_school_holidays": "The municipality's school holidays.",
        "respite_decision_units": "Which units a decision may use.",
    },
)

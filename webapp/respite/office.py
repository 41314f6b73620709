"""The allocation office and the units: applications, decisions, approving bookings (capacity
and school holidays are in `capacity`, re-exported here). The functions that load a person's data
for staff (`*_for_office`, `pending_bookings`) log the read, with its purpose, before they return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from webapp import clock
from webapp.accounts import assisted
from webapp.accounts.idporten_services import account_for_person, person_key
from webapp.accounts.models import Role, User
from webapp.accounts.services import find_by_email, grant_role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality, UnitKind
from webapp.municipalities.services import unit_sender
from webapp.navigation import external_url
from webapp.notifications.services import notify, recipient_of
from webapp.notifications.sms import normalise_number
from webapp.respite import privacy, queries
from webapp.respite.capacity import (  # noqa: F401  (re-exported: the views reach them through office)
    RESPITE_UNIT_KINDS,
    add_closure,
    add_respite_unit,
    add_school_holiday,
    delete_school_holiday,
    ensure_respite_unit,
    remove_closure,
    respite_unit_for_office,
    respite_units,
    school_holidays,
    set_capacity,
    units_without_places,
)
from webapp.respite.messages import notify_booking, notify_decision
from webapp.respite.models import (
    OPEN_APPLICATION,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Booking,
    BookingStatus,
    CareReceiver,
    Decision,
    DecisionRelative,
    DecisionStatus,
    QuotaUnit,
    RespiteKind,
    RespiteUnit,
    StaffUnit,
    WaitingListEntry,
    WaitStatus,
)
from webapp.respite.periods import occupied_days, quota_use
from webapp.respite.services import (
    NotFound,
    RespiteError,
    lock,
    offer_freed,
    quota_used,
    release,
)
from webapp.transactions import atomic

# --- applications -------------------------------------------------------------------------------


@dataclass
class ApplicationData:
    receiver_name: str
    receiver_birth_year: int
    relation: str
    care_work: str
    hours_per_week: str
    what_would_help: str
    kind_wanted: str
    consent: str
    consent_by: str


DEFAULT_PROCESSING_DAYS = 10


def processing_days(municipality: Municipality) -> int:
    """About how many working days the allocation office takes over an application: the
    municipality's own setting, else the common one (RESPITE_PROCESSING_DAYS)."""
    config = current_app.config
    own = (config.get("RESPITE_PROCESSING_DAYS_BY_MUNICIPALITY") or {}).get(municipality.slug)
    for value in (own, config.get("RESPITE_PROCESSING_DAYS")):
        if value not in (None, ""):
            try:
                return max(1, int(value))
            except (TypeError, ValueError):
                continue
    return DEFAULT_PROCESSING_DAYS


@atomic()
def apply(user: User, municipality: Municipality, data: ApplicationData) -> Application:
    """Store the application and send the applicant a receipt (e-mail, or SMS lacking one) with
    the expected processing time and where to follow it."""
    application = Application(municipality_id=municipality.id, applicant_id=user.id, **data.__dict__)
    application.events.append(ApplicationEvent(status=ApplicationStatus.RECEIVED, by_id=user.id))
    db.session.add(application)
    db.session.flush()
    notify(
        recipient_of(user, municipality.default_locale),
        "respite_application_sent",
        required=True,
        sender=unit_sender(municipality, UnitKind.ALLOCATION_OFFICE),
        name=user.name,
        application=application,
        days=processing_days(municipality),
        municipality=municipality,
        link=external_url("accounts.my_pages"),
    )
    return application


def applications_of(user: User, municipality_id: int) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(
                Application.applicant_id == user.id,
                Application.municipality_id == municipality_id,
            )
            .order_by(Application.created_at.desc())
        )
    )


def application_for_applicant(user: User, application_id: int, municipality_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.applicant_id != user.id or application.municipality_id != municipality_id:
        raise NotFound(_("Not found."))
    return application


def application_queue(municipality_id: int) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(
                Application.municipality_id == municipality_id,
                Application.status.in_(OPEN_APPLICATION),
            )
            .order_by(Application.created_at)
        )
    )


def application_for_office(
    officer: User, municipality_id: int, application_id: int, why: str = "processing_application"
) -> Application:
    """The application, for an officer of its municipality; the read is logged."""
    application = db.session.get(Application, application_id)
    if application is None or application.municipality_id != municipality_id:
        raise NotFound(_("Not found."))
    privacy.log_read(officer, "application", why, application_id=application.id)
    return application


@atomic()
def set_application_status(
    officer: User, application: Application, status: str, note: str = "", *, tell: bool = True
) -> None:
    """Move the application on and tell the applicant (unless `tell` is False: a decision tells
    them itself, with the link to book)."""
    if status not in ApplicationStatus.__members__.values():
        raise RespiteError(_("Not a valid choice."))
    if application.status == status:
        return
    application.status = status
    application.events.append(ApplicationEvent(status=status, by_id=officer.id, note=note[:500]))
    applicant = application.applicant
    if tell and applicant is not None and applicant.is_active:
        from webapp.municipalities.services import get_by_id

        municipality = get_by_id(application.municipality_id)
        notify(
            recipient_of(applicant, municipality.default_locale),
            "respite_application",
            required=True,
            sender=unit_sender(municipality, UnitKind.ALLOCATION_OFFICE),
            name=applicant.name,
            application=application,
            note=note,
            link=external_url("respite.application", municipality=municipality.slug, application_id=application.id),
        )


# --- decisions ----------------------------------------------------------------------------------


@dataclass
class RelativeData:
    email: str
    consent_given_by: str
    consent_date: date
    consent_method: str
    # Or, instead of the e-mail address, the identity number and name (never stored in clear).
    pid: str = ""
    name: str = ""
    # Or the mobile number of a resident registered by phone (no e-mail); with a name, one who is
    # not yet registered is registered by phone here.
    phone: str = ""


@dataclass
class DecisionData:
    receiver_name: str
    receiver_birth_year: int
    kind: str
    unit_ids: list[int]
    quota_amount: int
    quota_unit: str
    period_kind: str
    period_days: int
    valid_from: date
    valid_to: date
    horizon_days: int
    cancel_hours: int
    max_stay: int
    needs_approval: bool
    weekend_cap: int | None
    holiday_cap: int | None
    relatives: list[RelativeData] = field(default_factory=list)
    receiver_pid: str = ""  # never stored in clear


def resident_by_phone(municipality_id: int, phone: str) -> User | None:
    """The active resident of the municipality with this mobile number (the first registered)."""
    number = normalise_number(phone)
    if number is None:
        return None
    return db.session.scalar(
        select(User)
        .where(
            User.home_municipality_id == municipality_id,
            User.erased_at.is_(None),
            User.phone.in_((number, number.removeprefix("+47"))),
        )
        .order_by(User.id)
        .limit(1)
    )


def _relative_by_phone(officer: User | None, municipality_id: int, relative: RelativeData) -> User:
    user = resident_by_phone(municipality_id, relative.phone)
    if user is None and relative.name and officer is not None:
        municipality = db.session.get(Municipality, municipality_id)
        try:
            user = assisted.create_person(officer, municipality, relative.name, relative.phone)
        except assisted.AssistError as error:
            raise RespiteError(str(error)) from error
    if user is None:
        raise RespiteError(
            _(
                "Nobody in the municipality is registered with the mobile number %(phone)s. Write the "
                "relative's name too, and they are registered by phone.",
                phone=relative.phone,
            )
        )
    return user


# The decision's own terms, as the office types them (DecisionData has the same names).
DECISION_FIELDS = (
    "kind",
    "quota_amount",
    "quota_unit",
    "period_kind",
    "period_days",
    "valid_from",
    "valid_to",
    "horizon_days",
    "cancel_hours",
    "max_stay",
    "needs_approval",
    "weekend_cap",
    "holiday_cap",
)


def _apply_decision_data(
    decision: Decision, municipality_id: int, data: DecisionData, officer: User | None = None
) -> None:
    if data.valid_to < data.valid_from:
        raise RespiteError(_("The decision must end after it starts."))
    if data.valid_to != decision.valid_to and data.valid_to < clock.today():
        raise RespiteError(_("The last day of the decision cannot be in the past. Choose today or a later day."))
    units = [respite_unit_for_office(municipality_id, uid) for uid in data.unit_ids]
    if not units:
        raise RespiteError(_("Choose at least one unit."))
    nights = RespiteKind(data.kind).counts_nights
    if any(unit.counts_nights != nights for unit in units) or data.quota_unit == (
        QuotaUnit.DAYS if nights else QuotaUnit.NIGHTS
    ):
        raise RespiteError(_("Nights and days do not match: stays count nights, day respite counts days."))
    if decision.care_receiver is None:
        decision.care_receiver = CareReceiver(
            municipality_id=municipality_id, name=data.receiver_name, birth_year=data.receiver_birth_year
        )
    else:
        decision.care_receiver.name = data.receiver_name
        decision.care_receiver.birth_year = data.receiver_birth_year
    for name in DECISION_FIELDS:
        setattr(decision, name, getattr(data, name))
    decision.units = units
    if data.receiver_pid:
        decision.care_receiver.pid_hash = person_key(data.receiver_pid)
        decision.care_receiver.pid_tail = data.receiver_pid[-5:]
    for relative in data.relatives:
        if relative.pid:
            user = account_for_person(relative.pid, relative.name)
        elif relative.phone:
            user = _relative_by_phone(officer, municipality_id, relative)
        else:
            user = find_by_email(relative.email)
        if user is None or not user.is_active:
            raise RespiteError(
                _("No account has the e-mail address %(email)s. The person must register first.", email=relative.email)
            )
        link = next((r for r in decision.relatives if r.user_id == user.id), None)
        if link is None:
            link = DecisionRelative(user=user)
            decision.relatives.append(link)
        link.consent_given_by = relative.consent_given_by
        link.consent_date = relative.consent_date
        link.consent_method = relative.consent_method
        if relative.pid:
            link.pid_tail = relative.pid[-5:]
        grant_role(user, Role.RELATIVE, municipality_id)


@atomic()
def create_decision(
    officer: User, municipality: Municipality, data: DecisionData, application: Application | None = None
) -> Decision:
    decision = Decision(municipality_id=municipality.id, application_id=application.id if application else None)
    decision.care_receiver = None  # type: ignore[assignment]
    _apply_decision_data(decision, municipality.id, data, officer)
    db.session.add(decision)
    db.session.flush()
    if application is not None:
        # The applicant who may book hears of the decision once: from the decision, with the link to book.
        relatives = {link.user_id for link in decision.relatives}
        set_application_status(
            officer, application, ApplicationStatus.GRANTED, tell=application.applicant_id not in relatives
        )
    notify_decision(decision, "new", 0)
    return decision


def decisions_of_municipality(municipality_id: int) -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.municipality_id == municipality_id)
            .order_by(Decision.status, Decision.valid_from.desc())
        )
    )


def decision_for_office(
    officer: User, municipality_id: int, decision_id: int, why: str = "processing_decision"
) -> Decision:
    """The decision with its bookings, for an officer of its municipality; the read is logged."""
    decision = db.session.get(Decision, decision_id)
    if decision is None or decision.municipality_id != municipality_id:
        raise NotFound(_("Not found."))
    privacy.log_read(officer, "decision", why, care_receiver_id=decision.care_receiver_id)
    return decision


def pending_bookings(officer: User, municipality_id: int) -> list[Booking]:
    """Bookings waiting for approval, naming the people cared for; each person's read is logged."""
    bookings = list(
        db.session.scalars(
            select(Booking)
            .join(Decision, Decision.id == Booking.decision_id)
            .where(Decision.municipality_id == municipality_id, Booking.status == BookingStatus.PENDING)
            .order_by(Booking.arrival)
        )
    )
    privacy.log_reads(officer, "booking", "processing_decision", {b.decision.care_receiver_id for b in bookings})
    return bookings


def booking_for_office(officer: User, municipality_id: int, booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.decision.municipality_id != municipality_id:
        raise NotFound(_("Not found."))
    privacy.log_read(officer, "booking", "processing_decision", care_receiver_id=booking.decision.care_receiver_id)
    return booking


# What the relatives are told about when it changes: the amount, the period, the units and the
# rules for booking (the consent records and the masked numbers are the office's own business).
_TERMS = (*DECISION_FIELDS, "status")


def _terms(decision: Decision) -> tuple[object, ...]:
    return (
        *(getattr(decision, name) for name in _TERMS),
        tuple(unit.id for unit in decision.units),
        decision.care_receiver.name if decision.care_receiver else "",
    )


def _flag_and_tell(decision: Decision, event: str, now: datetime | None) -> int:
    """After a change: flag bookings now outside the decision and tell the relatives (in the
    caller's transaction)."""
    decision.changed_at = now or utcnow()
    db.session.flush()
    flagged = flag_bookings(decision)
    notify_decision(decision, event, flagged)
    return flagged


@atomic()
def update_decision(officer: User, decision: Decision, data: DecisionData, *, now: datetime | None = None) -> int:
    """Change a decision. Returns how many bookings now fall outside it (they are flagged).
    Each relative is told once: of the change, or, if just added, of the decision as it now is;
    a save that changes nothing the relatives see tells nobody."""
    decision = lock(decision.id, [u.id for u in decision.units])
    before = _terms(decision)
    told_before = {link.user_id for link in decision.relatives}
    _apply_decision_data(decision, decision.municipality_id, data, officer)
    decision.changed_at = now or utcnow()
    db.session.flush()
    flagged = flag_bookings(decision)
    added = {link.user_id for link in decision.relatives} - told_before
    if _terms(decision) != before:
        notify_decision(decision, "changed", flagged, skip=added)
    if added:
        notify_decision(decision, "new", flagged, only=added)
    return flagged


@atomic()
def end_decision(officer: User, decision: Decision, end: date, *, now: datetime | None = None) -> int:
    """End the decision on `end` (today or later, and not before it starts): a last day typed
    wrong would otherwise make the nightly erasure take a live decision."""
    decision = lock(decision.id, [u.id for u in decision.units])
    if end < clock.today(now):
        raise RespiteError(_("The last day of the decision cannot be in the past. Choose today or a later day."))
    if end < decision.valid_from:
        raise RespiteError(
            _(
                "The last day of the decision cannot be before its first day, %(date)s.",
                date=format_date(decision.valid_from, "long"),
            )
        )
    decision.status = DecisionStatus.ENDED
    decision.valid_to = min(decision.valid_to, end)
    return _flag_and_tell(decision, "ended", now)


@atomic()
def remove_relative(officer: User, decision: Decision, user_id: int, *, now: datetime | None = None) -> None:
    """Take away a relative's right to book (the consent is withdrawn). The bookings stay; the
    relative's places on the waiting list are given up, and an open offer passes on."""
    now = now or utcnow()
    lock(decision.id, [u.id for u in decision.units])
    link = db.session.scalar(select(DecisionRelative).filter_by(decision_id=decision.id, user_id=user_id))
    if link is None:
        raise NotFound(_("Not found."))
    db.session.delete(link)
    for entry in db.session.scalars(
        select(WaitingListEntry).where(
            WaitingListEntry.decision_id == decision.id,
            WaitingListEntry.user_id == user_id,
            WaitingListEntry.status.in_((WaitStatus.WAITING, WaitStatus.OFFERED)),
        )
    ):
        was_offered = entry.status == WaitStatus.OFFERED
        entry.status = WaitStatus.LEFT
        if was_offered:
            offer_freed(entry.respite_unit, entry.day, entry.day, now=now)
    db.session.flush()
    db.session.expire(decision)


def flag_bookings(decision: Decision) -> int:
    """Mark active bookings that the decision no longer covers, for the officer to follow up."""
    count = 0
    nights = decision.counts_nights
    used = quota_used(decision)
    over = {period for period, amount in used.items() if amount > decision.quota_amount}
    for booking in db.session.scalars(
        select(Booking).where(
            Booking.decision_id == decision.id, Booking.status.in_((BookingStatus.PENDING, BookingStatus.CONFIRMED))
        )
    ):
        days = occupied_days(booking.arrival, booking.departure, nights) or [booking.arrival]
        outside = (
            not decision.is_active
            or days[0] < decision.valid_from
            or days[-1] > decision.valid_to
            or booking.respite_unit not in decision.units
            or bool(set(quota_use(decision, days)) & over)
        )
        booking.flagged = outside
        count += outside
    return count


def flagged_bookings(municipality_id: int) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .join(Decision, Decision.id == Booking.decision_id)
            .where(
                Decision.municipality_id == municipality_id,
                Booking.flagged.is_(True),
                Booking.status.in_((BookingStatus.PENDING, BookingStatus.CONFIRMED)),
            )
            .order_by(Booking.arrival)
        )
    )


@atomic()
def cancel_by_office(
    officer: User, municipality_id: int, booking_id: int, reason: str, *, now: datetime | None = None
) -> Booking:
    now = now or utcnow()
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.decision.municipality_id != municipality_id:
        raise NotFound(_("Not found."))
    lock(booking.decision_id, [booking.respite_unit_id])
    db.session.refresh(booking)
    if booking.status in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        booking.reason = reason[:300]
        booking.flagged = False
        release(booking, now)
    return booking


# --- unit staff ---------------------------------------------------------------------------------


def units_of_staff(user: User, municipality_id: int) -> list[RespiteUnit]:
    return list(db.session.scalars(queries.staff_units(user.id, municipality_id)))


def unit_for_staff(user: User, municipality_id: int, respite_unit_id: int) -> RespiteUnit:
    for unit in units_of_staff(user, municipality_id):
        if unit.id == respite_unit_id:
            return unit
    raise NotFound(_("Not found."))


@atomic()
def decide_booking(
    staff: User, unit: RespiteUnit, booking_id: int, approve: bool, reason: str, *, now: datetime | None = None
) -> Booking:
    now = now or utcnow()
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.respite_unit_id != unit.id:
        raise NotFound(_("Not found."))
    if not approve and not reason.strip():
        raise RespiteError(_("Give a reason when you decline."))
    lock(booking.decision_id, [unit.id])
    db.session.refresh(booking)
    if booking.status != BookingStatus.PENDING:
        raise RespiteError(_("The booking is no longer waiting for approval."))
    booking.status = BookingStatus.CONFIRMED if approve else BookingStatus.DECLINED
    booking.reason = reason.strip()[:300]
    booking.updated_at = now
    notify_booking(booking, "approved" if approve else "declined")
    if not approve:
        offer_freed(unit, booking.arrival, booking.departure, now=now)
    return booking


@atomic()
def add_staff(municipality_id: int, respite_unit_id: int, email: str) -> StaffUnit:
    unit = respite_unit_for_office(municipality_id, respite_unit_id)
    user = find_by_email(email)
    if user is None:
        raise RespiteError(
            _("No account has the e-mail address %(email)s. The person must register first.", email=email)
        )
    link = db.session.scalar(select(StaffUnit).filter_by(user_id=user.id, respite_unit_id=unit.id))
    if link is None:
        link = StaffUnit(user_id=user.id, respite_unit_id=unit.id)
        db.session.add(link)
    grant_role(user, Role.UNIT_STAFF, municipality_id)
    return link

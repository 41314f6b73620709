"""Messages about bookings and offers, queued in the caller's transaction. E-mail bodies hold
only what the recipient may see: the unit's message names nobody; staff log in to see who."""

from __future__ import annotations

from sqlalchemy import select

from webapp.accounts.models import User
from webapp.extensions import db
from webapp.municipalities.models import UnitKind
from webapp.municipalities.services import get_by_id, respite_unit_sender, unit_sender
from webapp.navigation import external_url
from webapp.notifications.services import notify, queue_email, recipient_of
from webapp.respite.models import Booking, Decision, StaffUnit, WaitingListEntry


def notify_booking(booking: Booking, event: str) -> None:
    """Tell the relatives and the unit. The unit's message holds no name: staff log in to see it."""
    decision = booking.decision
    municipality = get_by_id(decision.municipality_id)
    url = external_url("respite.decision", municipality=municipality.slug, decision_id=decision.id)
    for relative in decision.relatives:
        user = relative.user
        if user.is_active:
            notify(
                recipient_of(user, municipality.default_locale),
                "respite_booking",
                required=True,
                sender=respite_unit_sender(booking.respite_unit),
                name=user.name,
                event=event,
                booking=booking,
                unit=booking.respite_unit,
                person=decision.care_receiver.name,
                link=url,
            )
    unit = booking.respite_unit
    address = unit.email or unit.unit.email
    # The unit's own address; lacking one, each member of staff who works there.
    recipients = (
        [(address, municipality.default_locale)]
        if address
        else [(user.email, user.locale or municipality.default_locale) for user in _staff_of(unit.id)]
    )
    for email, locale in recipients:
        queue_email(
            email,
            "respite_unit_booking",
            locale,
            sender=unit_sender(municipality, UnitKind.ALLOCATION_OFFICE),
            event=event,
            booking=booking,
            unit=unit,
            link=external_url("respite.unit_calendar", municipality=municipality.slug, unit_id=booking.respite_unit_id),
        )


def _staff_of(respite_unit_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(StaffUnit, StaffUnit.user_id == User.id)
            .where(StaffUnit.respite_unit_id == respite_unit_id, User.erased_at.is_(None))
            .order_by(User.id)
        )
    )


def notify_offer(entry: WaitingListEntry) -> None:
    user = entry.user
    if not user.is_active:
        return
    municipality = get_by_id(entry.decision.municipality_id)
    notify(
        recipient_of(user, municipality.default_locale),
        "respite_offer",
        required=True,
        sender=unit_sender(municipality, UnitKind.ALLOCATION_OFFICE),
        name=user.name,
        entry=entry,
        unit=entry.respite_unit,
        link=external_url("respite.decision", municipality=municipality.slug, decision_id=entry.decision_id),
    )


def notify_decision(
    decision: Decision,
    event: str,
    flagged: int,
    *,
    only: set[int] | None = None,
    skip: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Tell the relatives (or `only` these of them, `skip` those) that the office registered
    ('new'), changed or ended the decision, with a link to book."""
    from webapp.respite.overview import quota_text  # overview reaches this module through services

    municipality = get_by_id(decision.municipality_id)
    url = external_url("respite.decision", municipality=municipality.slug, decision_id=decision.id)
    for relative in decision.relatives:
        if (only is not None and relative.user_id not in only) or relative.user_id in skip:
            continue
        if relative.user.is_active:
            notify(
                recipient_of(relative.user, municipality.default_locale),
                "respite_decision",
                required=True,
                sender=unit_sender(municipality, UnitKind.ALLOCATION_OFFICE),
                name=relative.user.name,
                event=event,
                decision=decision,
                quota_text=quota_text,  # called while the message renders, in the relative's standard
                person=decision.care_receiver.name,
                flagged=flagged,
                link=url,
            )

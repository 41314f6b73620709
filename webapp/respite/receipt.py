"""What the receipt after a booking says, and the calendar file for the one stay: who (the first
name only), where, when the stay begins and ends, and what to bring."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask_babel import gettext as _

from webapp import clock
from webapp.respite.models import Booking, RespiteKind, RespiteUnit
from webapp.respite.services import arrival_at

PRODID = "-//Meistring og frivilligheit//Avlasting//NO"
# A day at a day centre ends in the afternoon; a stay with nights ends at the hour it began.
DAY_ENDS = time(15)


def first_name(full_name: str) -> str:
    """Only the first name goes on a receipt or into a calendar that others may see."""
    return (full_name.split() or [""])[0]


def departure_at(booking: Booking) -> datetime:
    if booking.respite_unit.counts_nights:
        return arrival_at(booking.departure)
    return datetime.combine(booking.departure, max(DAY_ENDS, arrival_at(booking.departure).time()), tzinfo=clock.OSLO)


def what_to_bring(unit: RespiteUnit) -> str:
    """A sensible list per kind of unit, until units keep their own."""
    return {
        RespiteKind.INSTITUTION: _(
            "Clothes and toiletries for every day, the medicines in use with the list of medicines, and aids "
            "such as a walker, glasses or a hearing aid."
        ),
        RespiteKind.CHILD_HOME: _(
            "Clothes and toiletries for every day, the medicines in use, and something that makes the stay "
            "feel safe, such as a favourite toy."
        ),
        RespiteKind.DAY: _("Indoor shoes, the medicines taken during the day, and aids such as a walker or glasses."),
        RespiteKind.HOME: _("Nothing: the respite takes place at home. A note about the day's routines helps."),
    }[RespiteKind(unit.kind)]


def calendar_file(booking: Booking, receipt_url: str) -> bytes:
    """One event for the stay, in UTC so every calendar shows the right local time."""
    from icalendar import Calendar, Event  # here, not at the top: only calendar files need it

    unit = booking.respite_unit
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"respite-booking-{booking.id}@avlasting")
    event.add(
        "summary",
        _(
            "Respite for %(name)s at %(unit)s",
            name=first_name(booking.decision.care_receiver.name),
            unit=unit.name,
        ),
    )
    event.add("dtstart", arrival_at(booking.arrival).astimezone(UTC))
    event.add("dtend", departure_at(booking).astimezone(UTC))
    event.add("dtstamp", booking.updated_at.astimezone(UTC))
    event.add("location", ", ".join(p for p in (unit.name, unit.unit.address) if p))
    event.add("description", _("What to bring: %(list)s", list=what_to_bring(unit)) + "\n" + receipt_url)
    event.add("url", receipt_url)
    cal.add_component(event)
    return cal.to_ical()

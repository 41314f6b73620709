"""iCalendar files: one offer, or a municipality's feed."""

from __future__ import annotations

from webapp.offers.models import Offer
from webapp.offers.recurrence import Occurrence

PRODID = "-//Meistring og frivilligheit//Tilbod//NO"


def calendar(entries: list[tuple[Offer, list[Occurrence]]], name: str, locale: str, url_for_offer) -> bytes:
    from icalendar import Calendar, Event  # here, not at the top: only calendar files need it

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for offer, sessions in entries:
        for occurrence in sessions:
            event = Event()
            event.add("uid", f"{offer.uuid}-{occurrence.starts_at:%Y%m%dT%H%M}@tilbod")
            event.add("summary", offer.text("title", locale))
            event.add("description", offer.text("description", locale))
            event.add("dtstart", occurrence.starts_at)
            event.add("dtend", occurrence.ends_at)
            event.add("dtstamp", offer.updated_at)
            event.add("url", url_for_offer(offer))
            if offer.location is not None:
                event.add(
                    "location",
                    ", ".join(p for p in (offer.location.name, offer.location.address, offer.location.city) if p),
                )
            cal.add_component(event)
    return cal.to_ical()

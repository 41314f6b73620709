"""Example contexts for every e-mail and SMS template, as the code that queues them passes them.

tests/notifications/test_message_templates.py renders each template with each of its examples in
both standards. A new template (webapp/<domain>/templates/emails/<name>.txt or sms/<name>.txt) needs
an entry here: a list of contexts under its name (the e-mail and the SMS of one name share them).
Give the variants a template branches on (confirmed and waiting, each event, an empty name)."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace as Thing
from typing import Any

from flask_babel import get_locale

from webapp.notifications.services import Sender
from webapp.respite.models import ApplicationStatus, BookingStatus

# Times are stored in UTC: 09.00 UTC is kl. 10.00 in Oslo in December.
STARTS = datetime(2026, 12, 8, 9, 0)
LINK = "http://localhost/l/abc123"


class Standard:
    """A value staff or the code wrote in the reader's standard: nn or nb by the rendering locale."""

    def __init__(self, nn: str, nb: str) -> None:
        self.nn, self.nb = nn, nb

    def __str__(self) -> str:
        return self.nn if str(get_locale()) == "nn" else self.nb

    def __html__(self) -> str:
        return str(self)


MUNICIPALITY = Thing(slug="vang", name="Vang", contact_phone="61 36 94 00", contact_email="postmottak@vang.kommune.no")
CENTRE = Sender(name="Vang frivilligsentral", phone="61 36 94 50", email="frivilligsentral@vang.kommune.no")
OFFICE = Sender(name="Tildelingskontoret i Vang", phone="61 36 94 00")
UNIT_SENDER = Sender(name="Vang omsorgssenter", phone="61 36 95 00", email="omsorgssenter@vang.kommune.no")
ORGANISER = Sender(name="Liv Arrangør, Vang frivilligsentral", phone="912 34 567")

KARI = Thing(name="Kari Nordmann", home_municipality=MUNICIPALITY)
NAMELESS = Thing(name="", home_municipality=None)
UNIT = Thing(name="Vang omsorgssenter")
SCHEDULE = Thing(weekdays="TU", rrule="FREQ=WEEKLY;INTERVAL=1", opens_at=time(10), closes_at=time(11))
OFFER = Thing(location=Thing(name="Vang kulturhus"), schedule=SCHEDULE)
BOOKING = Thing(
    arrival=date(2026, 12, 14),
    departure=date(2026, 12, 17),
    status_title=BookingStatus.CONFIRMED.lazy_title,
    reason="",
)
TASK = Thing(title="Handlehjelp", starts_at=STARTS, address="Tyinvegen 12", place=None)
PLACE_TASK = Thing(
    title="Følgje til lege", starts_at=datetime(2026, 12, 9, 12, 30), address="", place=Thing(name="Vang legekontor")
)


def quota_text(decision: Any) -> str:
    """As webapp.respite.overview.quota_text: called while the message renders, in its standard."""
    return str(Standard("6 døgn per 4 veker", "6 døgn per 4 uker"))


def signup(status: str, name: str = "Kari Nordmann") -> Thing:
    return Thing(status=status, name=name, offer=OFFER)


def offers(**extra: Any) -> dict[str, Any]:
    return {"sender": ORGANISER, "title": "Seniordans", **extra}


def volunteering(**extra: Any) -> dict[str, Any]:
    return {"sender": CENTRE, "title": "Handlehjelp", "starts_at": STARTS, **extra}


EXAMPLES: dict[str, list[dict[str, Any]]] = {
    # Accounts: the sender is the person's home municipality, or the service when none is known.
    "already_registered": [{"user": KARI, "link": LINK}, {"user": NAMELESS, "link": LINK}],
    "confirm": [{"user": KARI, "link": LINK}, {"user": NAMELESS, "link": LINK}],
    "email_change": [{"user": KARI, "new_email": "kari@example.no", "link": LINK}],
    "reset": [{"user": KARI, "link": LINK}],
    "accessibility_feedback": [
        {
            "municipality": MUNICIPALITY,
            "message": "Knappen for å melde seg på er vanskeleg å finne med skjermlesar.",
            "page": "http://localhost/vang/offers",
            "name": "Ola",
            "email": "",
            "statement_link": LINK,
            "my_pages": False,
        }
    ],
    # Group messages: from the organiser to an offer's group, from the frivilligsentral to volunteers.
    "group_message": [
        {
            "sender": ORGANISER,
            "name": "Kari Nordmann",
            "my_pages": False,
            "subject": "Seniordans",
            "body": Standard("Hugs innesko på tysdag.", "Husk innesko på tirsdag."),
            "written_in": "",
            "sender_name": "Liv Arrangør",
            "municipality_name": "Vang",
        },
        {
            "sender": CENTRE,
            "name": "Kari Nordmann",
            "subject": "Julebord",
            "body": "Julebord for alle frivillige på Vang kulturhus, fredag 18. desember.",  # in both standards alike
            "written_in": "nb",
            "sender_name": "Kåre Koordinator",
            "municipality_name": "Vang",
        },
        {
            "sender": CENTRE,
            "name": "",
            "subject": "Julebord",
            "body": "Julebord for alle frivillige på Vang kulturhus, fredag 18. desember.",
            "written_in": "nn",
            "sender_name": "Kåre Koordinator",
            "municipality_name": "Vang",
        },
    ],
    # Offers: from the organiser.
    "offers_changed": [
        offers(
            name="Kari Nordmann",
            when=Standard("Kvar tysdag kl. 10.00–11.00", "Hver tirsdag kl. 10.00–11.00"),
            place="Vang kulturhus",
        ),
        offers(name="", when=Standard("Kvar onsdag kl. 12.00–13.00", "Hver onsdag kl. 12.00–13.00"), place=""),
    ],
    "offers_promoted": [
        offers(signup=signup("confirmed"), starts_at=STARTS, link=LINK),
        offers(signup=signup("confirmed", ""), starts_at=None, link=LINK, my_pages=False),
    ],
    "offers_reminder": [offers(name="Kari Nordmann", starts_at=STARTS, link=LINK)],
    "offers_session_cancelled": [
        offers(name="Kari Nordmann", starts_at=STARTS, reason=""),
        offers(name="", starts_at=STARTS, reason=Standard("Instruktøren er sjuk.", "Instruktøren er syk.")),
    ],
    "offers_signup": [
        offers(signup=signup("confirmed"), starts_at=STARTS, link=LINK),
        offers(signup=signup("confirmed"), starts_at=None, link=LINK),
        offers(signup=signup("waiting"), starts_at=STARTS, link=LINK),
        offers(signup=signup("waiting", ""), starts_at=None, link=LINK, my_pages=False),
    ],
    # Respite: from the allocation office, or the unit for a stay.
    "respite_application": [
        {
            "sender": OFFICE,
            "name": "Kari Nordmann",
            "application": Thing(status_title=ApplicationStatus.IN_REVIEW.lazy_title),
            "note": "",
            "link": LINK,
        },
        {
            "sender": OFFICE,
            "name": "",
            "application": Thing(status_title=ApplicationStatus.GRANTED.lazy_title),
            "note": Standard("Vedtaket kjem i posten.", "Vedtaket kommer i posten."),
            "link": LINK,
        },
    ],
    "respite_booking": [
        {
            "sender": UNIT_SENDER,
            "name": "Kari Nordmann",
            "event": event,
            "booking": BOOKING,
            "unit": UNIT,
            "person": "Per Nordmann",
            "link": LINK,
        }
        for event in ("booked", "cancelled", "changed", "approved", "declined")
    ],
    "respite_application_sent": [
        {
            "sender": OFFICE,
            "name": name,
            "application": Thing(created_at=datetime(2026, 12, 1, 13, 5)),
            "days": days,
            "municipality": MUNICIPALITY,
            "link": "http://localhost/my-pages",
        }
        for name, days in (("Kari Nordmann", 10), ("", 1))
    ],
    "respite_decision": [
        {
            "sender": OFFICE,
            "name": name,
            "event": event,
            "decision": Thing(valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31)),
            "quota_text": quota_text,
            "person": "Per Nordmann",
            "flagged": flagged,
            "link": LINK,
        }
        for event, flagged, name in (
            ("new", 0, "Kari Nordmann"),
            ("changed", 0, "Kari Nordmann"),
            ("changed", 1, ""),
            ("ended", 2, "Kari Nordmann"),
        )
    ],
    "respite_offer": [
        {
            "sender": OFFICE,
            "name": "Kari Nordmann",
            "unit": UNIT,
            "entry": Thing(day=date(2026, 12, 14), offer_expires_at=datetime(2026, 12, 10, 15, 0)),
            "link": LINK,
        }
    ],
    "respite_reconfirm": [
        {"sender": UNIT_SENDER, "name": "Kari Nordmann", "unit": UNIT.name, "booking": BOOKING, "link": LINK}
    ],
    "respite_stay_reminder": [{"sender": UNIT_SENDER, "name": "", "unit": UNIT.name, "booking": BOOKING}],
    "respite_unit_booking": [
        {"sender": OFFICE, "event": event, "booking": BOOKING, "unit": UNIT, "link": LINK}
        for event in ("booked", "cancelled", "changed", "approved", "declined")
    ],
    # Volunteering: from the frivilligsentral; to coordinators, from the municipality.
    "volunteers_claimed": [
        {
            "municipality": MUNICIPALITY,
            "name": name,
            "task": TASK,
            "link": LINK,
            "volunteer": Thing(user=KARI),
        }
        for name in ("Kåre Koordinator", "")
    ],
    "volunteers_interest_answer": [
        {
            "sender": CENTRE,
            "user": KARI,
            "yes": yes,
            "interest": Thing(task=task),
            "role": Thing(name=Standard("Besøksven", "Besøksvenn")),
        }
        for yes, task in ((True, TASK), (False, None))
    ],
    "volunteers_left": [
        {
            "municipality": MUNICIPALITY,
            "user": Thing(name="Kåre Koordinator", home_municipality=MUNICIPALITY),
            "volunteer": "Kari Nordmann",
            "tasks": [TASK, Thing(title="Følgje til lege", starts_at=datetime(2026, 12, 9, 12, 30))],
            "links": [LINK, LINK],
        }
    ],
    "volunteers_proposal": [
        {"sender": CENTRE, "user": KARI, "task": TASK, "accept_link": LINK, "decline_link": LINK, "starts": STARTS}
    ],
    "volunteers_reminder": [
        {
            "municipality": MUNICIPALITY,
            "user": Thing(name="Kåre Koordinator", home_municipality=MUNICIPALITY),
            "interest": Thing(volunteer=Thing(user=KARI), created_at=datetime(2026, 12, 1, 8, 15)),
            "role": None,
        }
    ],
    "volunteers_renewal": [
        {
            "sender": CENTRE,
            "name": "Kari Nordmann",
            "kind": kind,
            "expires_on": date(2027, 1, 15),
            "centre": CENTRE.name,
            "link": LINK,
        }
        for kind in ("politiattest", "taushetserklaering")
    ],
    "volunteers_substitute_asked": [
        {"sender": CENTRE, "name": name, "task": task, "link": LINK}
        for name, task in (("Kari Nordmann", TASK), ("", PLACE_TASK))
    ],
    "volunteers_substitute_coordinator": [
        {
            "municipality": MUNICIPALITY,
            "name": "Kåre Koordinator",
            "task": TASK,
            "link": LINK,
            "volunteer": Thing(user=KARI),
            "released": Thing(user=Thing(name="Ola Hansen")),
        }
    ],
    "volunteers_substitute_found": [
        {"sender": CENTRE, "name": "Ola Hansen", "task": TASK},
        {"sender": CENTRE, "name": "", "task": PLACE_TASK},
    ],
    "volunteers_substitute_taken": [
        {"sender": CENTRE, "name": "Kari Nordmann", "task": TASK},
        {"sender": CENTRE, "name": "", "task": PLACE_TASK},
    ],
    "volunteers_task_absence": [
        {
            "municipality": MUNICIPALITY,
            "volunteer": "Kari Nordmann",
            "title": "Handlehjelp",
            "starts_at": STARTS,
            "link": LINK,
        }  # fmt: skip
    ],
    "volunteers_task_cancelled": [
        volunteering(name="Kari Nordmann", reason=""),
        volunteering(name="", reason=Standard("Bebuaren har flytta.", "Beboeren har flyttet.")),
    ],
    "volunteers_task_changed": [
        volunteering(name="Kari Nordmann", place="Vang kulturhus"),
        volunteering(name="Kari Nordmann", place=""),
    ],
    "volunteers_task_reconfirm": [volunteering(name="Kari Nordmann", link=LINK)],
    "volunteers_task_reminder": [
        volunteering(name="Kari Nordmann", place="Tyinvegen 12"),
        volunteering(name="", place=""),
    ],
}

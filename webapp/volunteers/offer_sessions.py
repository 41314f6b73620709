"""Helpers for an offer's sessions: the coordinator picks a coming session of an offer (sittedans,
the café at the helsetun) and how many helpers it needs; each helper is one task to match."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from webapp.accounts.models import User
from webapp.database import utcnow
from webapp.municipalities.models import Municipality
from webapp.offers import services as offers
from webapp.transactions import atomic
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import Task, TaskKind
from webapp.volunteers.tasks import TaskData, create_task

MAX_HELPERS = 10
WEEKS_AHEAD = 6
SESSIONS_PER_OFFER = 8


@dataclass(frozen=True)
class Session:
    offer_id: int
    title: str  # in the municipality's standard: the tasks made for the session keep it
    starts_at: datetime  # aware UTC
    ends_at: datetime
    place: str
    shown_title: str = ""  # in the reader's standard, for the list to choose from

    @property
    def key(self) -> str:
        """The value of the choice in the form: offer id and start."""
        return f"{self.offer_id}@{self.starts_at.isoformat()}"


def sessions(municipality: Municipality, now: datetime | None = None) -> list[Session]:
    """Coming sessions of the offers the municipality shows, the next weeks, soonest first."""
    now = now or utcnow()
    until = now + timedelta(weeks=WEEKS_AHEAD)
    out = []
    for offer in offers.visible_offers(municipality):
        if offer.municipality_id != municipality.id:
            continue  # another municipality's volunteer centre finds helpers for its own offers
        place = (offer.location.address or offer.location.name) if offer.location else ""
        for occurrence in offers.next_sessions(offer, SESSIONS_PER_OFFER, after=now):
            if occurrence.starts_at < until:
                out.append(
                    Session(
                        offer.id,
                        offer.text("title", municipality.default_locale),
                        occurrence.starts_at,
                        occurrence.ends_at,
                        place,
                        offer.text("title"),
                    )
                )
    return sorted(out, key=lambda s: (s.starts_at, s.title))


@atomic()
def helpers_for(
    municipality: Municipality,
    key: str,
    role_code: str,
    helpers: int,
    creator: User | None = None,
    now: datetime | None = None,
) -> list[Task]:
    """One task per helper for the session; the session must be one of the coming ones."""
    if not 1 <= helpers <= MAX_HELPERS:
        raise VolunteerError(str(_l("Write a number between 1 and 10.")))
    session = next((s for s in sessions(municipality, now) if s.key == key), None)
    if session is None:
        raise VolunteerError(str(_l("That time is not one of the offer's sessions.")))
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60) + 30  # set up, clear away
    ref = f"offer:{session.offer_id}:{session.starts_at:%Y%m%dT%H%M}"
    made = []
    for _ in range(helpers):
        made.append(
            create_task(
                municipality,
                TaskData(
                    kind=TaskKind.OFFER_HELPER,
                    role_code=role_code,
                    title=session.title[:160],
                    starts_at=session.starts_at - timedelta(minutes=15),
                    duration_minutes=max(15, min(12 * 60, minutes)),
                    address=session.place[:200],
                    offer_ref=ref,
                ),
                creator,
            )
        )
    return made

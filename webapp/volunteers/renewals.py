"""Renewals: a politiattest (that it was seen, and when) and the signed confidentiality declaration
hold for as many months as the frivilligsentral sets. The coordinator sees what runs out within
`NOTICE_DAYS`, the volunteer is reminded once `REMIND_DAYS` ahead, and a task that needs a
politiattest never goes to someone whose politiattest has run out (the ranking's pool reads
`politiattest_valid`)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.clock import today as oslo_today
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality, UnitKind
from webapp.municipalities.services import unit_sender
from webapp.navigation import external_url
from webapp.notifications.services import Reminder, recipient_of
from webapp.transactions import atomic
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import RenewalRule, Volunteer, VolunteerStatus

DEFAULT_MONTHS = 36
MIN_MONTHS, MAX_MONTHS = 1, 120
NOTICE_DAYS = 60  # the coordinator's list looks this far ahead
REMIND_DAYS = 30  # the volunteer is reminded this long before

POLITIATTEST = "politiattest"
DECLARATION = "declaration"
KINDS = {POLITIATTEST: _l("Police certificate"), DECLARATION: _l("Confidentiality declaration")}


@dataclass(frozen=True)
class Months:
    politiattest: int
    declaration: int


@dataclass(frozen=True)
class Expiry:
    volunteer_id: int
    name: str
    kind: str
    expires_on: date  # the first day it no longer holds

    @property
    def title(self) -> str:
        return str(KINDS[self.kind])


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_for(municipality_id: int) -> Months:
    rule = db.session.get(RenewalRule, municipality_id)
    if rule is None:
        return Months(DEFAULT_MONTHS, DEFAULT_MONTHS)
    return Months(rule.politiattest_months, rule.declaration_months)


@atomic()
def save_months(municipality: Municipality, politiattest: int, declaration: int) -> RenewalRule:
    for value in (politiattest, declaration):
        if not MIN_MONTHS <= value <= MAX_MONTHS:
            raise VolunteerError(
                str(_l("Write a number of months from %(low)s to %(high)s.", low=MIN_MONTHS, high=MAX_MONTHS))
            )
    rule = db.session.get(RenewalRule, municipality.id)
    if rule is None:
        rule = RenewalRule(municipality_id=municipality.id)
        db.session.add(rule)
    rule.politiattest_months, rule.declaration_months = politiattest, declaration
    return rule


def politiattest_expires(volunteer: Volunteer, months: Months) -> date | None:
    seen = volunteer.politiattest_seen_on
    return add_months(seen, months.politiattest) if seen else None


def declaration_expires(volunteer: Volunteer, months: Months) -> date | None:
    signed = volunteer.declaration_signed_at
    return add_months(oslo_today(signed), months.declaration) if signed else None


def politiattest_valid(volunteer: Volunteer, on: date | None = None, months: Months | None = None) -> bool:
    """A politiattest was seen and has not run out on the day `on` (default: today in Oslo)."""
    expires = politiattest_expires(volunteer, months or months_for(volunteer.municipality_id))
    return expires is not None and (on or oslo_today()) < expires


def valid_politiattests(volunteers: list[Volunteer], on: date) -> list[bool]:
    """`politiattest_valid` for many volunteers, reading each municipality's rule once."""
    cache: dict[int, Months] = {}
    out = []
    for volunteer in volunteers:
        if volunteer.municipality_id not in cache:
            cache[volunteer.municipality_id] = months_for(volunteer.municipality_id)
        out.append(politiattest_valid(volunteer, on, cache[volunteer.municipality_id]))
    return out


@dataclass(frozen=True)
class Standing:
    """One volunteer's renewals: when each runs out, and whether it is time to renew (within
    `REMIND_DAYS`, or already run out)."""

    politiattest_until: date | None
    declaration_until: date | None
    politiattest_due: bool
    declaration_due: bool


def standing(volunteer: Volunteer, on: date | None = None) -> Standing:
    on = on or oslo_today()
    months = months_for(volunteer.municipality_id)
    attest, declaration = politiattest_expires(volunteer, months), declaration_expires(volunteer, months)
    soon = on + timedelta(days=REMIND_DAYS)
    return Standing(
        attest, declaration, attest is not None and attest <= soon, declaration is not None and declaration <= soon
    )


def _expiries(volunteer: Volunteer, months: Months) -> Iterator[tuple[str, date]]:
    for kind, expires in (
        (POLITIATTEST, politiattest_expires(volunteer, months)),
        (DECLARATION, declaration_expires(volunteer, months)),
    ):
        if expires is not None:
            yield kind, expires


def _active_volunteers(municipality_id: int | None = None) -> list[Volunteer]:
    query = select(Volunteer).where(Volunteer.status != VolunteerStatus.LEFT).options(selectinload(Volunteer.user))
    if municipality_id is not None:
        query = query.where(Volunteer.municipality_id == municipality_id)
    return list(db.session.scalars(query.order_by(Volunteer.id)))


def expiring(municipality_id: int, on: date | None = None, days: int = NOTICE_DAYS) -> list[Expiry]:
    """What has run out or runs out within `days`, for volunteers who have not left; soonest first."""
    on = on or oslo_today()
    months = months_for(municipality_id)
    horizon = on + timedelta(days=days)
    found = [
        Expiry(volunteer.id, volunteer.user.name, kind, expires)
        for volunteer in _active_volunteers(municipality_id)
        for kind, expires in _expiries(volunteer, months)
        if expires <= horizon
    ]
    return sorted(found, key=lambda e: (e.expires_on, e.name, e.kind))


def due(now: datetime | None = None) -> Iterator[Reminder]:
    """Reminder source: once for each politiattest or declaration that runs out within
    `REMIND_DAYS` (the key holds the date, so a renewed one is reminded again next time)."""
    now = now or utcnow()
    on = oslo_today(now)
    cache: dict[int, Months] = {}
    for volunteer in _active_volunteers():
        user = volunteer.user
        if user is None or not user.is_active:
            continue
        if volunteer.municipality_id not in cache:
            cache[volunteer.municipality_id] = months_for(volunteer.municipality_id)
        for kind, expires in _expiries(volunteer, cache[volunteer.municipality_id]):
            if on < expires <= on + timedelta(days=REMIND_DAYS):
                municipality = volunteer.municipality
                centre = unit_sender(municipality, UnitKind.VOLUNTEER_CENTRE)
                yield Reminder(
                    key=f"volunteer-renewal:{volunteer.id}:{kind}:{expires.isoformat()}",
                    recipient=recipient_of(user, municipality.default_locale),
                    template="volunteers_renewal",
                    context={
                        "name": user.name,
                        "kind": kind,
                        "expires_on": expires,
                        "centre": centre.name,
                        "sender": centre,
                        "link": external_url("volunteers.me", municipality=municipality),
                    },
                )

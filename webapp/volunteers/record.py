"""A volunteer's record of service: the roles they had, from when to when, the hours approved per
role and year, and the frivilligsentral that stands behind it. The volunteer shows it to an
employer or a school, so it is written in the volunteer's own standard, whoever opens it.

Only approved hours count (`queries.approved_hours`, the same rows the centre's reports read)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from webapp import clock
from webapp.extensions import db
from webapp.i18n import normalise
from webapp.municipalities.models import Unit
from webapp.volunteers import queries
from webapp.volunteers.models import HourLog, Volunteer
from webapp.volunteers.roles import all_roles
from webapp.volunteers.services import centre


@dataclass
class RoleService:
    code: str
    name_nb: str
    name_nn: str
    first: date
    last: date
    minutes_by_year: dict[int, int] = field(default_factory=dict)

    def name(self, locale: str) -> str:
        return self.name_nn if locale == "nn" else self.name_nb

    @property
    def hours(self) -> float:
        return round(sum(self.minutes_by_year.values()) / 60, 2)

    def hours_in(self, year: int) -> float:
        return round(self.minutes_by_year.get(year, 0) / 60, 2)


@dataclass
class ServiceRecord:
    name: str
    municipality: str
    centre: Unit | None
    contact_email: str
    contact_phone: str
    locale: str  # nb or nn: the volunteer's standard
    since: date | None  # approved as a volunteer
    left: date | None
    roles: list[RoleService]
    issued: date

    @property
    def years(self) -> list[int]:
        return sorted({year for role in self.roles for year in role.minutes_by_year})

    @property
    def hours(self) -> float:
        return round(sum(sum(r.minutes_by_year.values()) for r in self.roles) / 60, 2)

    def hours_in(self, year: int) -> float:
        return round(sum(r.minutes_by_year.get(year, 0) for r in self.roles) / 60, 2)


def standard_of(volunteer: Volunteer) -> str:
    """The volunteer's chosen standard, else their municipality's."""
    return normalise(volunteer.user.locale) or normalise(volunteer.municipality.default_locale) or "nb"


def record_of(volunteer: Volunteer, today: date | None = None) -> ServiceRecord:
    rows = db.session.execute(
        queries.approved_hours().where(HourLog.volunteer_id == volunteer.id).order_by(HourLog.day)
    ).all()
    names = {r.code: r for r in all_roles()}
    by_role: dict[str, RoleService] = {}
    for row in rows:
        role = names.get(row.role_code)
        service = by_role.get(row.role_code)
        if service is None:
            service = by_role[row.role_code] = RoleService(
                row.role_code,
                role.name_nb if role else row.role_code,
                role.name_nn if role else row.role_code,
                row.day,
                row.day,
                defaultdict(int),
            )
        service.first, service.last = min(service.first, row.day), max(service.last, row.day)
        service.minutes_by_year[row.day.year] += row.minutes
    unit = centre(volunteer.municipality)
    municipality = volunteer.municipality
    return ServiceRecord(
        name=volunteer.user.name,
        municipality=municipality.name,
        centre=unit,
        contact_email=(unit.email if unit else "") or municipality.contact_email,
        contact_phone=(unit.phone if unit else "") or municipality.contact_phone,
        locale=standard_of(volunteer),
        since=clock.local(volunteer.approved_at).date() if volunteer.approved_at else None,
        left=clock.local(volunteer.left_at).date() if volunteer.left_at else None,
        roles=sorted(by_role.values(), key=lambda r: r.first),
        issued=today or clock.today(),
    )

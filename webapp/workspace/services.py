"""What waits for each staff role in a municipality: counts that link to where each thing is
handled, and the few most urgent rows. Each domain is read only through its own query modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _

from webapp import clock
from webapp.accounts.models import Role, User
from webapp.municipalities.models import Municipality
from webapp.municipalities.services import get_by_id
from webapp.offers import attendance
from webapp.offers import workspace_queries as offer_queries
from webapp.respite import services as respite_services
from webapp.respite import workspace_queries as respite_queries
from webapp.volunteers import renewals
from webapp.volunteers import workspace_queries as volunteer_queries

STAFF_ROLES = (Role.VOLUNTEER_COORDINATOR, Role.ALLOCATION_OFFICER, Role.EDITOR, Role.UNIT_STAFF)
EXPIRING_DAYS = 30


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    count: int
    endpoint: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    role: Role
    items: list[Item]
    details: dict[str, Any]


def is_administrator(user: User) -> bool:
    """Holds the administrator role for the whole service, not only for one municipality."""
    return any(g.role == Role.ADMINISTRATOR and g.municipality_id is None for g in user.grants)


def staff_role(value: str) -> Role | None:
    return next((role for role in STAFF_ROLES if role.value == value), None)


def roles_in(user: User, municipality: Municipality) -> list[Role]:
    """The staff roles the person holds in this municipality (an administrator holds them all)."""
    return [role for role in STAFF_ROLES if user.has_role(role, municipality)]


def workspace_municipalities(user: User) -> list[Municipality]:
    """Municipalities where the person has a staff grant of their own, for links to their workspaces."""
    wanted = {*STAFF_ROLES, Role.ADMINISTRATOR}
    ids = sorted({g.municipality_id for g in user.grants if g.role in wanted and g.municipality_id})
    return [m for m in (get_by_id(i) for i in ids) if m is not None]


def _sessions_today(municipality: Municipality, now: datetime) -> Item:
    count = len(attendance.sessions_on(municipality, clock.today(now)))
    return Item("sessions_today", _("Sessions today (attendance lists)"), count, "offers.today")


def _coordinator(user: User, municipality: Municipality, now: datetime) -> list[Item]:
    today = clock.today(now)
    work = volunteer_queries.workload(municipality.id, today)
    monday = today - timedelta(days=today.weekday())
    return [
        Item("to_onboard", _("New volunteers to get started"), work.to_onboard, "volunteers.coordinator_home"),
        Item(
            "interest", _("Interest waiting for an answer"), work.interest_waiting, "volunteers.coordinator_interests"
        ),
        Item(
            "unmatched",
            _("Tasks this week without a volunteer"),
            work.tasks_unmatched,
            "volunteers.coordinator_batch",
            {"week": monday.isoformat()},
        ),
        Item("hours", _("Hours to approve"), work.hours_to_approve, "volunteers.coordinator_hours"),
        Item(
            "renewals",
            _("Police certificates and declarations running out within 60 days"),
            len(renewals.expiring(municipality.id, today)),
            "volunteers.coordinator_renewals",
        ),
        _sessions_today(municipality, now),
    ]


def _officer(user: User, municipality: Municipality, now: datetime) -> list[Item]:
    work = respite_services.office_workload(municipality.id, clock.today(now), EXPIRING_DAYS)
    return [
        Item("applications", _("Applications waiting"), work.applications_waiting, "respite.office_start"),
        Item("bookings", _("Bookings to approve"), work.bookings_to_approve, "respite.office_pending"),
        Item("expiring", _("Decisions ending within 30 days"), work.decisions_expiring, "respite.office_start"),
        Item("flagged", _("Bookings outside a changed decision"), work.flagged_bookings, "respite.office_start"),
    ]


def _editor(user: User, municipality: Municipality, now: datetime) -> list[Item]:
    return [
        Item(
            "drafts",
            _("Drafts missing nynorsk or bokmål"),
            offer_queries.count_drafts_missing_standard(municipality.id),
            "offers.manage",
        ),
        Item(
            "waiting_lists",
            _("Offers with a waiting list"),
            offer_queries.count_offers_with_waiting_list(municipality.id, now),
            "offers.manage",
        ),
        _sessions_today(municipality, now),
    ]


def _unit_staff(user: User, municipality: Municipality, now: datetime) -> list[Item]:
    units = respite_queries.units_today(user.id, municipality.id, clock.today(now))
    return [
        Item("arrivals", _("Arrivals today"), sum(u.arrivals for u in units), "respite.unit_start"),
        Item("departures", _("Departures today"), sum(u.departures for u in units), "respite.unit_start"),
        Item(
            "unit_bookings",
            _("Bookings to approve at your units"),
            sum(u.to_approve for u in units),
            "respite.unit_start",
        ),
    ]


COUNTERS: dict[Role, Callable[[User, Municipality, datetime], list[Item]]] = {
    Role.VOLUNTEER_COORDINATOR: _coordinator,
    Role.ALLOCATION_OFFICER: _officer,
    Role.EDITOR: _editor,
    Role.UNIT_STAFF: _unit_staff,
}


def counts(role: Role, user: User, municipality: Municipality, now: datetime) -> list[Item]:
    return COUNTERS[role](user, municipality, now)


def signature(items: list[Item]) -> str:
    """What the counts say, in short: htmx sends it back, and an unchanged answer is not swapped in,
    so screen readers hear the live region only when a number really changed."""
    return "-".join(str(item.count) for item in items)


def details(role: Role, user: User, municipality: Municipality, now: datetime) -> dict[str, Any]:
    """The few most urgent rows of a role's section."""
    today = clock.today(now)
    if role == Role.VOLUNTEER_COORDINATOR:
        return {
            "interests": volunteer_queries.longest_waiting_interest(municipality.id),
            "tasks": volunteer_queries.unmatched_tasks(municipality.id, today),
            "to_onboard": volunteer_queries.waiting_to_onboard(municipality.id),
            "renewals": renewals.expiring(municipality.id, today)[:3],
        }
    if role == Role.ALLOCATION_OFFICER:
        return {
            "expiring": respite_queries.decisions_expiring(municipality.id, today, EXPIRING_DAYS),
            "applications": respite_queries.oldest_applications(municipality.id),
        }
    if role == Role.EDITOR:
        return {
            "drafts": offer_queries.drafts_missing_standard(municipality.id),
            "waiting_lists": offer_queries.offers_with_waiting_list(municipality.id, now),
        }
    return {"units": respite_queries.units_today(user.id, municipality.id, today)}


def sections(user: User, municipality: Municipality, now: datetime) -> list[Section]:
    return [
        Section(role, counts(role, user, municipality, now), details(role, user, municipality, now))
        for role in roles_in(user, municipality)
    ]

"""Figures for reports on respite, without names: occupancy per unit and day, quota granted and
used per decision, applications and how long they took to decide. Other packages read these
dataclasses, never the respite models."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.accounts.models import Role, User
from webapp.extensions import db
from webapp.months import bounds, month_of, month_starts
from webapp.respite.models import Application, ApplicationStatus, Decision, RespiteKind, RespiteUnit
from webapp.respite.office import respite_units, units_of_staff
from webapp.respite.overview import allowances
from webapp.respite.rules import unit_word
from webapp.respite.staff import occupancy_days

DECIDED = (ApplicationStatus.GRANTED.value, ApplicationStatus.REJECTED.value)


@dataclass(frozen=True)
class DayUse:
    day: date
    taken: int
    places: int  # 0: closed that day


@dataclass(frozen=True)
class UnitOccupancy:
    unit_id: int
    name: str
    counts_nights: bool
    days: list[DayUse]

    @property
    def taken(self) -> int:
        return sum(d.taken for d in self.days)

    @property
    def places(self) -> int:
        return sum(d.places for d in self.days)


@dataclass(frozen=True)
class QuotaRow:
    decision_id: int
    kind: str
    kind_title: str
    unit_word: str  # "nights", "days", "weekends", in the reader's standard
    units: str
    granted: int
    used: int


@dataclass(frozen=True)
class ApplicationMonth:
    month: date | None  # None: the whole period
    received: int
    decided: int
    granted: int
    median_days: float | None


def visible_units(user: User, municipality_id: int) -> list[RespiteUnit]:
    """Every unit for the allocation office; unit staff see the units they work at."""
    if user.has_role(Role.ALLOCATION_OFFICER, municipality_id):
        return respite_units(municipality_id)
    return units_of_staff(user, municipality_id)


def occupancy(user: User, municipality_id: int, first: date, last: date) -> list[UnitOccupancy]:
    """Places taken and places there are, per unit the person may see and per day."""
    return [
        UnitOccupancy(
            unit.id,
            unit.name,
            unit.counts_nights,
            [DayUse(d.day, d.taken, d.places) for d in occupancy_days(unit, first, last)],
        )
        for unit in visible_units(user, municipality_id)
    ]


def quota(municipality_id: int, first: date, last: date) -> list[QuotaRow]:
    """Per decision valid in the period: the quota granted in its periods that touch the report's
    period, and how much of it is used. A quota period that straddles the edge counts whole."""
    decisions = db.session.scalars(
        select(Decision)
        .where(Decision.municipality_id == municipality_id, Decision.valid_from <= last, Decision.valid_to >= first)
        .order_by(Decision.id)
    )
    rows = []
    for decision in decisions:
        found = allowances(decision, first, last)
        rows.append(
            QuotaRow(
                decision.id,
                decision.kind,
                RespiteKind(decision.kind).title,
                unit_word(decision, 2),
                ", ".join(u.name for u in decision.units),
                sum(a.amount for a in found),
                sum(a.used for a in found),
            )
        )
    return rows


def applications(municipality_id: int, first: date, last: date) -> tuple[list[ApplicationMonth], ApplicationMonth]:
    """Per month: applications received, decided (granted or not) and the median days from
    received to the first decision, counted in the month of the decision; then the whole period."""
    months = month_starts(first, last)
    start, end = bounds(first, last)
    received: list[date] = []
    decided: list[tuple[date, float, bool]] = []
    for application in db.session.scalars(
        select(Application)
        .options(selectinload(Application.events))
        .where(Application.municipality_id == municipality_id, Application.created_at < end)
    ):
        if application.created_at >= start:
            received.append(month_of(application.created_at))
        decision = next((e for e in application.events if e.status in DECIDED), None)
        if decision is not None and start <= decision.at < end:
            days = (decision.at - application.created_at).total_seconds() / 86400
            decided.append((month_of(decision.at), days, decision.status == ApplicationStatus.GRANTED))

    def summary(month: date | None) -> ApplicationMonth:
        mine = [d for d in decided if month is None or d[0] == month]
        return ApplicationMonth(
            month,
            sum(1 for m in received if month is None or m == month),
            len(mine),
            sum(1 for d in mine if d[2]),
            round(statistics.median(d[1] for d in mine), 1) if mine else None,
        )

    return [summary(m) for m in months], summary(None)

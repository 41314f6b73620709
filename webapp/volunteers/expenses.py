"""Mileage and expenses: a volunteer logs kilometres driven (with from and to, or a note) and money
spent (what for) against a task they had; the coordinator approves or rejects with a reason; the
approved lines not yet exported go to the municipality's payroll import as CSV, once.

The rate per kilometre is the municipality's (`ExpenseRule`), the state's rate `DEFAULT_KM_RATE_ORE`
when none is set, and is kept on each line as it was when the line was logged. Amounts are whole
øre. The CSV's columns: `EXPORT_COLUMNS` (README, "Mileage and expenses")."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp import clock
from webapp.accounts.models import User
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.locking import lock_rows
from webapp.municipalities.models import Municipality
from webapp.transactions import atomic
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.hours import my_task
from webapp.volunteers.models import (
    ACTIVE_ASSIGNMENT,
    ExpenseKind,
    ExpenseLine,
    ExpenseRule,
    HourStatus,
    Volunteer,
)

DEFAULT_KM_RATE_ORE = 350  # the state's rate, 3,50 kr per km
MAX_KM = 2000
MAX_AMOUNT_ORE = 10_000_00  # 10 000 kr on one line
EXPORT_COLUMNS = (
    "volunteer_id",
    "name",
    "date",
    "task",
    "km",
    "rate",
    "amount",
    "expense_type",
    "note",
    "approved_by",
    "approved_at",
)


def ore(kroner: Decimal) -> int:
    return int((kroner * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def kroner(value: int) -> str:
    """Øre as kroner with a decimal comma and two decimals, as payroll systems here read them."""
    return f"{value // 100},{value % 100:02d}"


def km_rate_ore(municipality_id: int) -> int:
    rule = db.session.get(ExpenseRule, municipality_id)
    return rule.km_rate_ore if rule else DEFAULT_KM_RATE_ORE


@atomic()
def save_km_rate(municipality: Municipality, rate: Decimal) -> ExpenseRule:
    value = ore(rate)
    if not 0 < value <= 100_00:
        raise VolunteerError(str(_l("Write a rate from 0,01 to 100 kroner per kilometre.")))
    rule = db.session.get(ExpenseRule, municipality.id)
    if rule is None:
        rule = ExpenseRule(municipality_id=municipality.id, km_rate_ore=value)
        db.session.add(rule)
    rule.km_rate_ore = value
    return rule


def _check_task(volunteer: Volunteer, task_id: int, day: date) -> None:
    assignment = my_task(volunteer, task_id)
    if assignment is None or assignment.state not in ACTIVE_ASSIGNMENT:
        raise VolunteerError(str(_l("You can log driving and expenses only for tasks you have taken.")))
    if day > clock.today():
        raise VolunteerError(str(_l("The date cannot be in the future.")))


@atomic()
def log_mileage(
    volunteer: Volunteer, task_id: int, day: date, km: Decimal, from_place: str = "", to_place: str = "", note: str = ""
) -> ExpenseLine:
    _check_task(volunteer, task_id, day)
    if not 0 < km <= MAX_KM:
        raise VolunteerError(str(_l("Write the kilometres driven, from 0,1 to 2000.")))
    from_place, to_place, note = from_place.strip(), to_place.strip(), note.strip()
    if not (from_place and to_place) and not note:
        raise VolunteerError(str(_l("Write where you drove from and to, or a note about the trip.")))
    rate = km_rate_ore(volunteer.municipality_id)
    km = km.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    line = ExpenseLine(
        volunteer_id=volunteer.id,
        task_id=task_id,
        kind=ExpenseKind.MILEAGE,
        day=day,
        km=float(km),
        rate_ore=rate,
        amount_ore=int((km * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)),
        from_place=from_place,
        to_place=to_place,
        note=note,
    )
    db.session.add(line)
    return line


@atomic()
def log_expense(volunteer: Volunteer, task_id: int, day: date, amount: Decimal, what: str) -> ExpenseLine:
    _check_task(volunteer, task_id, day)
    value = ore(amount)
    if not 0 < value <= MAX_AMOUNT_ORE:
        raise VolunteerError(str(_l("Write the amount in kroner, from 0,01 to 10 000.")))
    if not what.strip():
        raise VolunteerError(str(_l("Write what the money was for.")))
    line = ExpenseLine(
        volunteer_id=volunteer.id,
        task_id=task_id,
        kind=ExpenseKind.EXPENSE,
        day=day,
        amount_ore=value,
        note=what.strip(),
    )
    db.session.add(line)
    return line


def lines_of(volunteer: Volunteer) -> list[ExpenseLine]:
    return list(
        db.session.scalars(
            select(ExpenseLine)
            .where(ExpenseLine.volunteer_id == volunteer.id)
            .order_by(ExpenseLine.day.desc(), ExpenseLine.id.desc())
        )
    )


def _of_municipality(municipality: Municipality):
    return (
        select(ExpenseLine)
        .join(Volunteer, ExpenseLine.volunteer_id == Volunteer.id)
        .where(Volunteer.municipality_id == municipality.id)
    )


def pending(municipality: Municipality) -> list[ExpenseLine]:
    return list(
        db.session.scalars(
            _of_municipality(municipality)
            .where(ExpenseLine.status == HourStatus.PENDING)
            .order_by(ExpenseLine.day, ExpenseLine.id)
        )
    )


def ready_for_export(municipality: Municipality) -> list[ExpenseLine]:
    """Approved and not yet exported, oldest first."""
    return list(
        db.session.scalars(
            _of_municipality(municipality)
            .where(ExpenseLine.status == HourStatus.APPROVED, ExpenseLine.exported_at.is_(None))
            .order_by(ExpenseLine.day, ExpenseLine.id)
        )
    )


def get_line(municipality: Municipality, line_id: int) -> ExpenseLine | None:
    line = db.session.get(ExpenseLine, line_id)
    return line if line and line.volunteer.municipality_id == municipality.id else None


@atomic()
def decide(
    line: ExpenseLine, coordinator: User, approve: bool, reason: str = "", now: datetime | None = None
) -> ExpenseLine:
    lock_rows((ExpenseLine, [line.id]))
    db.session.refresh(line)
    if line.status != HourStatus.PENDING:
        raise VolunteerError(str(_l("This has already been answered.")))
    if not approve and not reason.strip():
        raise VolunteerError(str(_l("Write why the line is not approved.")))
    line.status = HourStatus.APPROVED if approve else HourStatus.REJECTED
    line.reason = "" if approve else reason.strip()
    line.decided_at, line.decided_by_id = now or utcnow(), coordinator.id
    return line


def _row(line: ExpenseLine) -> list[str]:
    decided = clock.local(line.decided_at) if line.decided_at else None
    return [
        str(line.volunteer_id),
        line.volunteer.user.name,
        line.day.strftime("%d.%m.%Y"),
        line.task.title,
        f"{line.km:.1f}".replace(".", ",") if line.is_mileage else "",
        kroner(line.rate_ore) if line.is_mileage else "",
        kroner(line.amount_ore),
        line.kind,
        " – ".join(p for p in (f"{line.from_place} – {line.to_place}".strip(" –"), line.note) if p),
        line.decided_by.name if line.decided_by else "",
        decided.strftime("%d.%m.%Y %H:%M") if decided else "",
    ]


@atomic()
def export(municipality: Municipality, now: datetime | None = None) -> tuple[str, int]:
    """The CSV of approved lines not yet exported (semicolon-separated, UTF-8 with BOM, as a
    spreadsheet here opens it), and how many; the lines are marked exported in the same
    transaction, so a line goes to payroll once."""
    now = now or utcnow()
    lines = ready_for_export(municipality)
    lock_rows((ExpenseLine, [line.id for line in lines]))
    for line in lines:
        db.session.refresh(line)
    lines = [line for line in lines if line.exported_at is None and line.status == HourStatus.APPROVED]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for line in lines:
        writer.writerow([_clean(cell) for cell in _row(line)])
        line.exported_at = now
    return "\ufeff" + out.getvalue(), len(lines)


def _clean(cell: str) -> str:
    """No formula in a spreadsheet cell: a leading =, +, - or @ is written with a quote first."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell

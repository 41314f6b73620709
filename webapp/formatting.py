"""How dates, times and numbers are written for people, in both standards.

One place, so every page, message, hint and chart says it the same way: 24.12.2026,
«torsdag 24. desember 2026», «kl. 08.00», «januar 2026», «1,5». Machines (ISO in URLs, CSV files,
date pickers, JSON) keep ISO; people never see it."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _


def day_short(day: date) -> str:
    """24.12.2026"""
    return f"{day:%d.%m.%Y}"


def day_long(day: date) -> str:
    """torsdag 24. desember 2026"""
    return format_date(day, "EEEE d. MMMM y")


def day_month(day: date) -> str:
    """24. desember"""
    return format_date(day, "d. MMMM")


def _hours_minutes(moment: time | datetime) -> str:
    # A moment is shown in Oslo time; a time of day is already local.
    return format_datetime(moment, "HH.mm") if isinstance(moment, datetime) else f"{moment:%H.%M}"


def clock(moment: time | datetime) -> str:
    """kl. 08.00"""
    return _("at %(time)s", time=_hours_minutes(moment))


def clock_span(start: time | datetime, end: time | datetime) -> str:
    """kl. 10.00–11.00"""
    return _("at %(time)s", time=f"{_hours_minutes(start)}–{_hours_minutes(end)}")


def when(moment: datetime) -> str:
    """torsdag 24. desember 2026 kl. 08.00 (a local moment)"""
    return format_datetime(moment, "EEEE d. MMMM y") + " " + clock(moment)


def month(first: date) -> str:
    """januar 2026"""
    return format_date(first, "LLLL y")


def number(value: float) -> str:
    """1,5; whole numbers without decimals."""
    return format_decimal(round(float(value), 2), format="#,##0.##")


FILTERS = {
    "date_short": day_short,
    "date_long": day_long,
    "datetime_long": when,
    "clock": clock,
    "month_name": month,
    "number": number,
}

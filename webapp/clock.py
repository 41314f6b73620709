"""Time as the app reads it: the moment in UTC, and the day and the wall clock in Oslo.

Every "now" and every "today" in the app comes from here, so a test that pins the clock pins the
app. Dates people see and rules about days ("the day before", "not in the future") are Oslo dates,
whatever time zone the server runs in. This is the one module that names the time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today(now: datetime | None = None) -> date:
    """The date in Oslo at `now` (default: this moment)."""
    return (now or utcnow()).astimezone(OSLO).date()


def local(moment: datetime) -> datetime:
    """An aware moment on the Oslo wall clock."""
    return moment.astimezone(OSLO)


def local_datetime(day: date, at: time) -> datetime:
    """The aware moment a day and a wall-clock time in Oslo stand for."""
    return datetime.combine(day, at, tzinfo=OSLO)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end of an Oslo day, as aware moments (23 or 25 hours apart at the clock changes)."""
    return local_datetime(day, time(0)), local_datetime(day + timedelta(days=1), time(0))

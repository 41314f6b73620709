"""Time as the app reads it: the moment in UTC, and the day in Oslo.

Every "now" and every "today" in the app comes from here, so a test that pins the clock pins the
app. Dates people see and rules about days ("the day before", "not in the future") are Oslo dates,
whatever time zone the server runs in."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today(now: datetime | None = None) -> date:
    """The date in Oslo at `now` (default: this moment)."""
    return (now or utcnow()).astimezone(OSLO).date()

"""When reminders are due: the day before in Norwegian time, and two days before for the
re-confirmation of a stay."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def local_day(now: datetime, days_ahead: int) -> date:
    return now.astimezone(OSLO).date() + timedelta(days=days_ahead)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end of a local day, as aware datetimes (23 or 25 hours long at DST changes)."""
    start = datetime.combine(day, time(0), tzinfo=OSLO)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=OSLO)
    return start, end

"""Sessions expanded from a schedule's RRULE in Europe/Oslo wall time, with exceptions.

The RRULE runs on naive local times and each occurrence is then placed in Europe/Oslo, so a group
that meets at 10.00 meets at 10.00 on both sides of a daylight-saving change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import holidays
from dateutil.rrule import rrulestr

from webapp.clock import OSLO
from webapp.offers.models import Schedule

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_SCAN = 500  # occurrences looked at per call, so a bad rule cannot loop for long


@dataclass(frozen=True)
class Occurrence:
    starts_at: datetime  # aware, UTC
    ends_at: datetime

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(OSLO)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(OSLO)


@lru_cache(maxsize=32)
def norwegian_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Norway(years=year, include_sundays=False).keys())


def is_public_holiday(day: date) -> bool:
    return day in norwegian_holidays(day.year)


def build_rrule(weekdays: list[str], interval: int = 1, until: date | None = None) -> str:
    """The RRULE the editor's weekday/frequency form describes."""
    days = [d for d in WEEKDAYS if d in weekdays]
    if not days:
        raise ValueError("no weekday")
    rule = f"FREQ=WEEKLY;INTERVAL={max(1, int(interval))};BYDAY={','.join(days)}"
    if until:
        rule += f";UNTIL={until:%Y%m%d}T235959"
    return rule


def occurrences(
    schedule: Schedule, after: datetime, limit: int = 10, before: datetime | None = None
) -> list[Occurrence]:
    """The next `limit` sessions starting at or after `after` (aware), skipping exception dates
    and, when the schedule says so, Norwegian public holidays."""
    start_local = datetime.combine(schedule.dtstart, schedule.opens_at)
    rule = rrulestr(schedule.rrule, dtstart=start_local)
    duration = datetime.combine(date.min, schedule.closes_at) - datetime.combine(date.min, schedule.opens_at)
    if duration <= timedelta(0):
        duration = timedelta(hours=1)
    skip = set(schedule.exception_dates)
    after_local = after.astimezone(OSLO).replace(tzinfo=None) - timedelta(days=1)
    found: list[Occurrence] = []
    cursor = rule.xafter(after_local, count=MAX_SCAN, inc=True)
    for naive in cursor:
        if schedule.until and naive.date() > schedule.until:
            break
        if naive.date() in skip:
            continue
        if schedule.skip_public_holidays and is_public_holiday(naive.date()):
            continue
        start = naive.replace(tzinfo=OSLO).astimezone(UTC)
        if start < after:
            continue
        if before is not None and start >= before:
            break
        found.append(Occurrence(start, (naive + duration).replace(tzinfo=OSLO).astimezone(UTC)))
        if len(found) >= limit:
            break
    return found

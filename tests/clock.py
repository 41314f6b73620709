"""The tests' clock. Every test runs at a moment it names: `DEFAULT_MOMENT` unless it asks for
another, and tests marked `calendar_sweep` run once at each of `AWKWARD_MOMENTS`.

time-machine moves the whole process's clock (`datetime.now`, `date.today`, `time.time`), so the
app's `utcnow()` and its Oslo-date helper read the moment, and so does the live server the browser
tests talk to. The machine's own time zone is left alone: the moments are handed over in UTC, so a
run under `TZ=Pacific/Kiritimati` still shows whether the app computes its days in Oslo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

OSLO = ZoneInfo("Europe/Oslo")


def oslo(year: int, month: int, day: int, hour: int = 10, minute: int = 0, fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO, fold=fold)


# A Wednesday morning in an ordinary week: no holiday, no month end, no clock change near.
DEFAULT_MOMENT = oslo(2026, 9, 16, 10)

AWKWARD_MOMENTS: dict[str, datetime] = {
    # First and last day of months of 28, 29, 30 and 31 days, late in the evening on the last day.
    "feb-28-first": oslo(2027, 2, 1, 9),
    "feb-28-last": oslo(2027, 2, 28, 23, 30),
    "feb-29-first": oslo(2028, 2, 1, 9),
    "feb-29-last": oslo(2028, 2, 29, 23, 30),
    "nov-30-first": oslo(2026, 11, 1, 9),
    "nov-30-last": oslo(2026, 11, 30, 23, 30),
    "may-31-first": oslo(2027, 5, 1, 9),
    "may-31-last": oslo(2027, 5, 31, 23, 30),
    # The year turns: 23:30 on New Year's Eve is already 22:30 UTC; 00:30 on 1 January is still
    # 31 December in UTC.
    "new-years-eve": oslo(2026, 12, 31, 23, 30),
    "new-year": oslo(2027, 1, 1, 0, 30),
    # Summer time begins on 28 March 2027: 02:30 does not exist (it reads as 03:30 summer time).
    "spring-forward-gap": oslo(2027, 3, 28, 2, 30),
    "spring-forward-eve": oslo(2027, 3, 27, 23, 30),
    # Summer time ends on 25 October 2026: 02:30 happens twice.
    "fall-back-first": oslo(2026, 10, 25, 2, 30, fold=0),
    "fall-back-second": oslo(2026, 10, 25, 2, 30, fold=1),
    "fall-back-eve": oslo(2026, 10, 24, 23, 30),
    # Every weekday, late in the evening (another UTC date in summer) and in the morning.
    "monday": oslo(2027, 6, 7, 23, 30),
    "tuesday": oslo(2027, 6, 8, 8),
    "wednesday": oslo(2027, 6, 9, 23, 30),
    "thursday": oslo(2027, 6, 10, 8),
    "friday": oslo(2027, 6, 11, 23, 30),
    "saturday": oslo(2027, 6, 12, 8),
    "sunday": oslo(2027, 6, 13, 23, 30),
}


def as_utc(moment: datetime) -> datetime:
    """The instant in UTC. Handing time-machine a ZoneInfo would also change the process's zone."""
    return moment.astimezone(UTC)


class Clock:
    """The test's handle on time: read it, or move it to another moment."""

    def __init__(self, traveller: time_machine.Traveller) -> None:
        self._traveller = traveller

    @property
    def now(self) -> datetime:
        return datetime.now(UTC)

    @property
    def today(self) -> date:
        """Today's date in Oslo."""
        return self.now.astimezone(OSLO).date()

    def set(self, moment: datetime) -> None:
        self._traveller.move_to(as_utc(moment))

    def shift(self, delta: timedelta) -> None:
        self._traveller.shift(delta)

"""Calendar months in Norwegian time, for figures counted per month.

A month runs from midnight on its first day in Europe/Oslo, so a sign-up at 00:30 on 1 March
local time counts in March even though it is still February in UTC."""

from __future__ import annotations

from datetime import date, datetime, time

from webapp import clock


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def months_back(month: date, count: int) -> date:
    """The first day of the month `count` months before `month`."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from first's month to last's month, both included."""
    month, end = first.replace(day=1), last.replace(day=1)
    months = []
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


def month_of(moment: datetime) -> date:
    """The first day of the month an aware moment falls in, Oslo time."""
    return clock.today(moment).replace(day=1)


def local_start(day: date) -> datetime:
    """Midnight at the start of a day, Oslo time, as an aware moment."""
    return clock.local_datetime(day, time(0))


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of first's month to the start of the month after last's month."""
    return local_start(first.replace(day=1)), local_start(next_month(last.replace(day=1)))

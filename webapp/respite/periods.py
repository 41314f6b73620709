"""Pure date arithmetic of quotas: which days a stay occupies, and which quota period a day is in.

A night is named by the date it starts on, so a night when the clocks change is still one døgn."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from webapp.respite.models import Decision, PeriodKind, QuotaUnit

FRIDAY, SATURDAY, SUNDAY = 4, 5, 6


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == next_month(self.start)


def next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def length(arrival: date, departure: date, nights: bool) -> int:
    """How many nights (or days) a stay from arrival to departure occupies."""
    return (departure - arrival).days + (0 if nights else 1)


def occupied_days(arrival: date, departure: date, nights: bool) -> list[date]:
    return [arrival + timedelta(days=i) for i in range(max(length(arrival, departure, nights), 0))]


def period_of(decision: Decision, day: date) -> Period:
    if decision.period_kind == PeriodKind.MONTH:
        start = day.replace(day=1)
        return Period(start, next_month(start))
    size = max(decision.period_days, 1)
    index = (day - decision.valid_from).days // size
    start = decision.valid_from + timedelta(days=index * size)
    return Period(start, start + timedelta(days=size))


def periods_between(decision: Decision, first: date, last: date) -> list[Period]:
    periods: list[Period] = []
    day = first
    while day <= last:
        period = period_of(decision, day)
        periods.append(period)
        day = period.end
    return periods


def is_weekend(day: date, nights: bool) -> bool:
    """Friday and Saturday nights; Saturday and Sunday days."""
    return day.weekday() in ((FRIDAY, SATURDAY) if nights else (SATURDAY, SUNDAY))


def weekend_key(day: date) -> date:
    """The Saturday of the weekend a day belongs to."""
    return day + timedelta(days=SATURDAY - day.weekday()) if day.weekday() <= SATURDAY else day - timedelta(days=1)


def quota_use(decision: Decision, days: list[date]) -> Counter[Period]:
    """How much of the quota the days use, per period."""
    use: Counter[Period] = Counter()
    if decision.quota_unit == QuotaUnit.WEEKENDS:
        for key in {weekend_key(d) for d in days if is_weekend(d, decision.counts_nights)}:
            use[period_of(decision, key)] += 1
    else:
        for day in days:
            use[period_of(decision, day)] += 1
    return use


def count_in_periods(decision: Decision, days: list[date]) -> Counter[Period]:
    counts: Counter[Period] = Counter()
    for day in days:
        counts[period_of(decision, day)] += 1
    return counts

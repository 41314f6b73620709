"""Sessions from RRULEs in Europe/Oslo: across DST, skipping exception dates and public holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from webapp.clock import OSLO
from webapp.offers.models import Schedule
from webapp.offers.recurrence import build_rrule, occurrences


def schedule(days=("TU",), interval=1, start=date(2026, 3, 3), exdates="", skip=True) -> Schedule:
    return Schedule(
        rrule=build_rrule(list(days), interval),
        dtstart=start,
        opens_at=time(10, 0),
        closes_at=time(11, 30),
        weekdays=",".join(days),
        exdates=exdates,
        skip_public_holidays=skip,
    )


def test_wall_time_stays_across_daylight_saving():
    # Summer time starts on Sunday 29 March 2026.
    found = occurrences(schedule(), datetime(2026, 3, 20, tzinfo=UTC), 2)
    assert [o.local_start.hour for o in found] == [10, 10]
    assert [o.starts_at.hour for o in found] == [9, 8]  # UTC: +01:00 before, +02:00 after
    assert found[0].ends_at - found[0].starts_at == found[1].ends_at - found[1].starts_at


def test_autumn_change_too():
    found = occurrences(schedule(days=("MO",), start=date(2026, 10, 19)), datetime(2026, 10, 19, tzinfo=UTC), 2)
    assert [o.starts_at.astimezone(OSLO).strftime("%d %H:%M") for o in found] == ["19 10:00", "26 10:00"]
    assert [o.starts_at.hour for o in found] == [8, 9]


def test_public_holidays_are_skipped_when_asked():
    # Thursday 14 May 2026 is Ascension Day, Thursday 2 April is Maundy Thursday.
    found = occurrences(schedule(days=("TH",)), datetime(2026, 3, 30, tzinfo=UTC), 6)
    days = [o.local_start.date() for o in found]
    assert date(2026, 4, 2) not in days and date(2026, 5, 14) not in days
    assert days[0] == date(2026, 4, 9)
    kept = occurrences(schedule(days=("TH",), skip=False), datetime(2026, 3, 30, tzinfo=UTC), 1)
    assert kept[0].local_start.date() == date(2026, 4, 2)


def test_exception_dates_and_every_other_week():
    found = occurrences(schedule(interval=2, exdates="2026-03-17"), datetime(2026, 3, 1, tzinfo=UTC), 3)
    assert [o.local_start.date() for o in found] == [date(2026, 3, 3), date(2026, 3, 31), date(2026, 4, 14)]


def test_nothing_before_the_first_date():
    found = occurrences(schedule(start=date(2026, 6, 2)), datetime(2026, 1, 1, tzinfo=UTC), 1)
    assert found[0].local_start.date() == date(2026, 6, 2)

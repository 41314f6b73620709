"""Dates, times and numbers as people read them: 24.12.2026, «kl. 08.00», «januar 2026», «1,5»."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from flask import session
from flask_babel import refresh

from webapp import formatting
from webapp.forms import parse_day, parse_time


@pytest.fixture(params=["nn", "nb"])
def locale(app, request):
    with app.test_request_context("/"):
        session["locale"] = request.param
        refresh()
        yield request.param


def test_dates_and_times_in_both_standards(locale):
    christmas_eve = date(2026, 12, 24)
    assert formatting.day_short(christmas_eve) == "24.12.2026"
    assert formatting.day_long(christmas_eve) == "torsdag 24. desember 2026"
    assert formatting.clock(time(8)) == "kl. 08.00"
    assert formatting.clock_span(time(10), time(11)) == "kl. 10.00–11.00"
    # a moment in UTC is read in Oslo time: 07.00 UTC is 08.00 in winter
    assert formatting.when(datetime(2026, 12, 24, 7, tzinfo=UTC)) == "torsdag 24. desember 2026 kl. 08.00"
    assert formatting.month(date(2026, 1, 1)) == "januar 2026"
    assert formatting.number(1.5) == "1,5" and formatting.number(2.0) == "2"
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d\d:\d\d", formatting.when(datetime(2026, 1, 5, 12, tzinfo=UTC)))


@pytest.mark.parametrize("typed", ["24.12.2026", "24.12.26", "24/12/2026", "2026-12-24", " 24.12.2026 "])
def test_a_date_is_accepted_the_norwegian_way_and_from_a_date_picker(typed):
    assert parse_day(typed) == date(2026, 12, 24)


@pytest.mark.parametrize("typed", ["31.02.2026", "24.12.1850", "24.12", "julaftan", "2026-13-01"])
def test_a_malformed_or_far_off_date_is_refused(typed):
    with pytest.raises(ValueError):
        parse_day(typed)


@pytest.mark.parametrize("typed", ["08.00", "8.00", "08:00", "8", "kl. 8.00", "Kl 08.00"])
def test_a_time_is_accepted_as_people_write_it(typed):
    assert parse_time(typed) == time(8)


@pytest.mark.parametrize("typed", ["25.00", "8.75", "åtte", "08.00.00"])
def test_a_malformed_time_is_refused(typed):
    with pytest.raises(ValueError):
        parse_time(typed)

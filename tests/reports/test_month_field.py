"""The report's months are written and read as people write them: 01.2026 or januar 2026."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import login, make_user
from tests.reports.test_views import offers_setting
from webapp.accounts.models import Role
from webapp.reports.forms import parse_month


@pytest.mark.parametrize(
    "typed, month",
    [
        ("01.2026", date(2026, 1, 1)),
        ("1.2026", date(2026, 1, 1)),
        ("1/2026", date(2026, 1, 1)),
        ("januar 2026", date(2026, 1, 1)),
        ("Januar  2026", date(2026, 1, 1)),
        ("jan. 2026", date(2026, 1, 1)),
        ("des 2026", date(2026, 12, 1)),
        ("2026-03", date(2026, 3, 1)),  # a month picker's value, and links from before
    ],
)
def test_a_month_is_read_in_the_forms_people_write(typed, month):
    assert parse_month(typed) == month


@pytest.mark.parametrize("typed", ["13.2026", "ju 2026", "ju. 2026", "juni", "1999-01", "0.2026", "x"])
def test_what_is_not_a_month_is_refused(typed):
    with pytest.raises(ValueError):
        parse_month(typed)


def test_the_period_is_shown_and_linked_as_people_write_it(client, ctx):
    m, *_offers = offers_setting()
    login(client, make_user(roles=(Role.EDITOR,), municipality=m, locale="nn"))
    page = client.get(f"/{m.slug}/reports/offers-activity?start=januar+2026&end=03.2026").get_data(as_text=True)
    assert re.search(r'name="start"[^>]*value="januar 2026"|value="januar 2026"[^>]*name="start"', page)
    assert 'type="month"' not in page
    assert "start=01.2026&amp;end=03.2026" in page  # the CSV and chart links
    assert not re.search(r"\b20\d\d-\d\d\b", page.split("<main", 1)[1])
    default = client.get(f"/{m.slug}/reports/offers-activity").get_data(as_text=True)
    value = re.search(r'<input[^>]*name="start"[^>]*>', default).group(0)
    assert re.search(r'value="\d\d\.20\d\d"', value)


def test_the_chart_and_its_text_alternative_name_months_in_words(client, ctx):
    m, *_offers = offers_setting()
    login(client, make_user(roles=(Role.EDITOR,), municipality=m, locale="nn"))
    for slug in ("offers-activity", "waiting-list"):
        svg = client.get(f"/{m.slug}/reports/{slug}.svg?start=01.2026&end=03.2026").get_data(as_text=True)
        assert "<desc>" in svg
        read = re.sub(r"<!--.*?-->", "", svg)  # pygal's comment says when it was drawn; nobody reads it
        assert not re.search(r"\b20\d\d-\d\d\b", read), slug
        page = client.get(f"/{m.slug}/reports/{slug}?start=01.2026&end=03.2026").get_data(as_text=True)
        alt = re.search(r'<figure class="chart">\s*<img[^>]*alt="([^"]*)"', page).group(1)
        assert alt and not re.search(r"\b20\d\d-\d\d\b", alt)

"""The volunteer centre's year: active volunteers, approved hours per role and tasks per kind, per
month, from the same approved hours as the volunteers report; two charts, a table for each, CSV."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.factories import login, make_user
from tests.reports.test_volunteer_figures import _hours
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.volunteers import figures, services

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
QUERY = "start=2026-01&end=2026-02"


@pytest.fixture
def oystre(municipalities):
    services.ensure_roles()
    db.session.commit()
    return municipalities["oystre-slidre"]


@pytest.fixture
def toten(municipalities):
    return municipalities["vestre-toten"]


@pytest.fixture
def year_data(oystre, toten):
    anne, bjorn = make_volunteer(oystre), make_volunteer(oystre)
    escort = make_task(oystre)
    visits = make_task(
        oystre, kind="standing", role_code="visiting_friend", title="Besøk", repeat_until=date(2026, 12, 31)
    )
    _hours(anne, escort, date(2026, 1, 10), 90)
    _hours(bjorn, escort, date(2026, 1, 20), 60)
    _hours(bjorn, visits, date(2026, 2, 3), 120)
    _hours(anne, visits, date(2026, 2, 10), 600, status="pending")  # not approved: not counted
    _hours(anne, escort, date(2025, 12, 31), 60)  # before the period
    neighbour = make_volunteer(toten)
    _hours(neighbour, make_task(toten), date(2026, 1, 12), 300)  # another centre
    db.session.commit()
    return oystre


def test_hours_per_role_and_tasks_per_kind_per_month(year_data):
    year = figures.year_between(year_data, JAN, FEB)
    assert year.months == [JAN, FEB] and year.roles == ["escort", "visiting_friend"]
    assert year.kinds == ["standing", "one_off"]
    assert (year.hours(JAN, "escort"), year.hours(JAN, "visiting_friend"), year.hours(JAN)) == (2.5, 0, 2.5)
    assert (year.hours(FEB, "escort"), year.hours(FEB, "visiting_friend"), year.hours(FEB)) == (0, 2.0, 2.0)
    assert (year.volunteers[JAN], year.volunteers[FEB], year.volunteers[None]) == (2, 1, 2)
    assert (year.task_count(JAN, "one_off"), year.task_count(JAN, "standing")) == (1, 0)
    assert (year.task_count(FEB, "one_off"), year.task_count(FEB, "standing")) == (0, 1)
    _months, total = figures.stats_between(year_data, JAN, FEB)  # the volunteers report's numbers
    assert year.hours() == total.hours == 4.5 and year.volunteers[None] == total.active_volunteers


def test_the_report_page_csv_and_both_charts(client, year_data):
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=year_data, locale="nn"))
    base = f"/{year_data.slug}/reports/volunteer-year"
    csv = client.get(f"{base}.csv?{QUERY}").get_data(as_text=True).lstrip("\ufeff").splitlines()
    # month; active; escort hours; visiting hours; hours; standing tasks; one-off tasks; tasks
    assert csv[0].split(";")[2:4] == ["Følgjeteneste", "Besøksven"] and len(csv[0].split(";")) == 8
    assert csv[1:] == ["2026-01;2;2,5;0;2,5;0;1;1", "2026-02;1;0;2;2;1;0;1", "2026-01–2026-02;2;2,5;2;4,5;1;1;2"]
    page = client.get(f"{base}?{QUERY}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Oppdrag per type og månad, januar 2026 til februar 2026" in text
    assert "Godkjende timar per rolle" in text and "Oppdrag med godkjende timar i alt: 2." in text
    assert f'src="{base}.svg?chart=1&amp;start=01.2026&amp;end=02.2026"' in text
    alts = re.findall(r'<img src="[^"]*" alt="([^"]*)"', text)
    assert len(alts) == 2 and not any(re.search(r"\d{4}-\d\d", alt) for alt in alts)  # no ISO months
    assert client.get(f"{base}.svg?{QUERY}").mimetype == "image/svg+xml"
    second = client.get(f"{base}.svg?chart=1&{QUERY}")
    assert second.status_code == 200 and "Oppdrag per type og månad" in second.get_data(as_text=True)
    assert client.get(f"{base}.svg?chart=2&{QUERY}").status_code == 404


def test_the_year_so_far_by_default_and_at_most_twelve_months(client, oystre, clock):
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale="nn"))
    base = f"/{oystre.slug}/reports/volunteer-year"
    this_month = clock.today.replace(day=1)
    text = client.get(base).get_data(as_text=True)
    assert f"start=01.{this_month:%Y}&amp;end={this_month:%m.%Y}" in text
    last_year = (this_month - timedelta(days=1)).replace(day=1)
    assert client.get(f"{base}?start={this_month.year - 1}-{this_month:%m}&end={this_month:%Y-%m}").status_code == 400
    assert client.get(f"{base}?start={last_year:%Y-%m}&end={this_month:%Y-%m}").status_code == 200


def test_only_the_centres_coordinators_see_it(client, oystre, toten):
    base = f"/{oystre.slug}/reports/volunteer-year"
    login(client, make_user(roles=(Role.EDITOR,), municipality=oystre))
    assert client.get(base).status_code == 403
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten))
    assert client.get(base).status_code == 403 and client.get(f"{base}.csv?{QUERY}").status_code == 403

"""Report pages, charts and CSV through the test client: who may see what, and bad periods."""

import csv
import io
from datetime import date

import pytest

from tests.factories import login, make_municipality, make_user
from tests.reports.conftest import make_signup, offers_setting, oslo
from tests.respite.conftest import make_decision, make_respite_unit, make_staff
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.reports.catalogue import REPORTS
from webapp.respite.models import Booking

SLUGS = [kind.slug for kind in REPORTS]
ALLOWED = {kind.slug: set(kind.roles) for kind in REPORTS}
STAFF_ROLES = (Role.EDITOR, Role.VOLUNTEER_COORDINATOR, Role.ALLOCATION_OFFICER, Role.UNIT_STAFF)


@pytest.fixture
def town(ctx):
    return make_municipality(slug="toten", name="Toten", default_locale="nb")


def test_index_lists_only_the_reports_of_the_persons_roles(client, town):
    expected = {
        Role.EDITOR: ["offers-activity", "waiting-list", "staircase"],
        Role.VOLUNTEER_COORDINATOR: ["offers-activity", "waiting-list", "staircase", "volunteers", "volunteer-year"],
        Role.ALLOCATION_OFFICER: ["respite-occupancy", "respite-quota", "respite-applications"],
        Role.UNIT_STAFF: ["respite-occupancy"],
        Role.ADMINISTRATOR: SLUGS,
    }
    for role, slugs in expected.items():
        login(client, make_user(roles=(role,), municipality=town))
        page = client.get("/toten/reports").get_data(as_text=True)
        assert [s for s in SLUGS if f'/toten/reports/{s}"' in page] == slugs, role
        client.post("/logout")


@pytest.mark.parametrize("suffix", ["", ".svg", ".csv"])
def test_every_report_is_only_for_its_roles_and_municipality(client, town, suffix):
    other = make_municipality(slug="andre")
    people = {role: make_user(roles=(role,), municipality=town) for role in STAFF_ROLES}
    citizen = make_user(roles=(Role.CITIZEN,), municipality=town)
    for slug in SLUGS:
        url = f"/toten/reports/{slug}{suffix}"
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url
    for role, person in people.items():
        login(client, person)
        for slug in SLUGS:
            status = client.get(f"/toten/reports/{slug}{suffix}").status_code
            assert status == (200 if role in ALLOWED[slug] else 403), (role, slug)
            assert client.get(f"/andre/reports/{slug}{suffix}").status_code == 403, (role, slug)
        client.post("/logout")
    login(client, citizen)
    assert client.get("/toten/reports").status_code == 403
    assert client.get(f"/toten/reports/volunteers{suffix}").status_code == 403
    assert other.id


def test_administrator_sees_every_report_and_logged_out_index_goes_to_login(client, town):
    assert "/login" in client.get("/toten/reports").location
    login(client, make_user(roles=(Role.ADMINISTRATOR,)))
    for slug in SLUGS:
        page = client.get(f"/toten/reports/{slug}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert f'src="/toten/reports/{slug}.svg?' in text and "<table" in text and f"/{slug}.csv?" in text


def test_chart_is_svg_with_a_title_for_the_same_period(client, town):
    login(client, make_user(roles=(Role.EDITOR,), municipality=town, locale="nn"))
    response = client.get("/toten/reports/offers-activity.svg?start=2026-01&end=2026-03")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert "<title" in svg and "januar 2026 til mars 2026" in svg and "<script" not in svg
    assert "script-src" not in response.headers["Content-Security-Policy"]


def test_csv_has_bom_headers_in_the_users_standard_and_escapes_formulas(client, ctx):
    m, walk, dance, cafe, other = offers_setting()
    walk.title_nn = '=HYPERLINK("http://x")'
    db.session.commit()
    make_signup(walk, oslo(date(2026, 1, 10)))
    make_signup(dance, oslo(date(2026, 2, 10)))
    login(client, make_user(roles=(Role.EDITOR,), municipality=m, locale="nn"))
    response = client.get(f"/{m.slug}/reports/offers-activity.csv?start=2026-01&end=2026-02")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=offers-activity-{m.slug}-2026-01-2026-02.csv"
    )
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Tilbod", "Månad", "Påmeldingar", "Påmelde som kom", "Kom utan påmelding", "Deltok i alt"],
        ['\'=HYPERLINK("http://x")', "2026-01", "1", "0", "0", "0"],
        ["Sittedans", "2026-02", "1", "0", "0", "0"],
    ]


def test_csv_in_bokmal_for_a_bokmal_user(client, ctx):
    m, *_offers = offers_setting()
    login(client, make_user(roles=(Role.EDITOR,), municipality=m, locale="nb"))
    text = client.get(f"/{m.slug}/reports/staircase.csv").get_data(as_text=True)
    assert text.splitlines()[0] == "\ufeffTrinn;Beskrivelse;Lavterskel;Tilbud;Påmeldinger;Deltok i alt"


@pytest.mark.parametrize(
    "query, message",
    [
        ("start=2026-13&end=2026-12", "for eksempel 01.2026"),
        ("start=<b>x</b>", "for eksempel 01.2026"),
        ("start=2026-05&end=2026-01", "Siste måned må være"),
        ("start=1999-01", "for eksempel 01.2026"),
        ("start=" + "9" * 5000, "for eksempel 01.2026"),
        ("start=2020-01&end=2026-01", "Velg høyst 36 måneder"),
    ],
)
def test_a_bad_period_is_explained_and_the_default_shown(client, town, query, message):
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=town, locale="nb"))
    response = client.get(f"/toten/reports/volunteers?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and "ds-error-summary" in page and "<b>x</b>" not in page
    assert "Rapporten viser" in page and "<table" in page
    assert client.get(f"/toten/reports/volunteers.csv?{query}").status_code == 400
    assert client.get(f"/toten/reports/volunteers.svg?{query}").status_code == 400


def test_occupancy_allows_at_most_three_months(client, town):
    login(client, make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=town, locale="nn"))
    response = client.get("/toten/reports/respite-occupancy?start=2026-01&end=2026-04")
    assert response.status_code == 400 and "Vel høgst 3 månader" in response.get_data(as_text=True)
    assert client.get("/toten/reports/respite-occupancy?start=2026-01&end=2026-03").status_code == 200


def test_occupancy_calendar_and_csv_show_places_taken_per_unit_and_day(client, town):
    beds = make_respite_unit(town, places=2, name="Lena helsetun")
    hidden = make_respite_unit(town, places=6, name="Barnebolig")
    decision = make_decision(town, [beds])
    db.session.add(
        Booking(
            decision_id=decision.id, respite_unit_id=beds.id, arrival=date(2026, 1, 10), departure=date(2026, 1, 12)
        )
    )
    db.session.commit()
    login(client, make_staff(town, beds, locale="nb"))
    page = client.get("/toten/reports/respite-occupancy?start=2026-01&end=2026-01").get_data(as_text=True)
    assert "Lena helsetun, januar 2026" in page and '<td class="heat-h2"><span class="heat-day">10.</span>' in page
    assert "1 av 2" in page
    assert "Barnebolig" not in page and hidden.id
    lines = (
        client.get("/toten/reports/respite-occupancy.csv?start=2026-01&end=2026-01").get_data(as_text=True).splitlines()
    )
    assert lines[0] == "\ufeffEnhet;Dato;Opptatte plasser;Plasser"
    assert "Lena helsetun;2026-01-10;1;2" in lines and "Lena helsetun;2026-01-12;0;2" in lines
    assert len(lines) == 1 + 31


def test_staff_pages_link_to_the_reports(client, town):
    pages = [
        (Role.ALLOCATION_OFFICER, "/toten/respite/office", 'href="/toten/reports"'),
        (Role.EDITOR, "/toten/offers/manage", 'href="/toten/reports"'),
        (Role.VOLUNTEER_COORDINATOR, "/toten/volunteer/coordinator", 'href="/toten/reports"'),
    ]
    for role, url, link in pages:
        login(client, make_user(roles=(role,), municipality=town))
        page = client.get(url)
        assert page.status_code == 200 and link in page.get_data(as_text=True), url
        client.post("/logout")
    login(client, make_staff(town, make_respite_unit(town)))
    assert 'href="/toten/reports/respite-occupancy"' in client.get(
        "/toten/respite/unit", follow_redirects=True
    ).get_data(as_text=True)

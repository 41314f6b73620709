"""Edge input gets a 4xx with a message, never a 500: ids past the database's integer range,
dates in far-off years, CR/LF in next=, full-width formula signs in CSV cells."""

from __future__ import annotations

import pytest

from tests.factories import login, make_user
from webapp.accounts.models import Role
from webapp.reports.services import csv_value

PAST_POSTGRES = str(2**31)
PAST_SQLITE = str(2**63)


@pytest.fixture
def admin(client, municipalities):
    login(client, make_user(roles=(Role.ADMINISTRATOR,), locale="nn"))


@pytest.mark.parametrize("big", [PAST_POSTGRES, PAST_SQLITE, "9" * 30])
@pytest.mark.parametrize(
    "path",
    [
        "/oystre-slidre/offers/{}",
        "/oystre-slidre/offers/{}.ics",
        "/oystre-slidre/offers/manage/{}/signups",
        "/oystre-slidre/respite/decisions/{}",
        "/oystre-slidre/respite/office/applications/{}",
        "/oystre-slidre/volunteer/coordinator/tasks/{}",
    ],
)
def test_an_id_past_the_integer_range_is_not_found(client, admin, path, big):
    response = client.get(path.format(big))
    assert response.status_code == 404
    assert "Sida finst ikkje" in response.get_data(as_text=True)


@pytest.mark.parametrize("big", [PAST_POSTGRES, PAST_SQLITE])
def test_an_id_past_the_integer_range_in_a_query_or_form_is_refused(client, admin, big):
    assert client.get(f"/vestre-toten/respite/office/decisions/new?application={big}").status_code < 500
    assert client.get(f"/oystre-slidre/respite/decisions/1?unit={big}").status_code < 500
    response = client.post("/oystre-slidre/volunteer/coordinator/tasks/1/propose", data={"volunteer_id": big})
    assert response.status_code < 500


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01"])
def test_a_week_in_a_far_off_year_is_a_bad_request(client, admin, week):
    response = client.get(f"/oystre-slidre/volunteer/coordinator/batch?week={week}")
    assert response.status_code == 400
    assert "Vi forstod ikkje førespurnaden" in response.get_data(as_text=True)


@pytest.mark.parametrize("next_path", ["/x\r\nSet-Cookie: a=b", "/x\nLocation: //evil.example", "/x\x00y"])
def test_control_characters_in_next_never_reach_the_location_header(client, ctx, municipalities, next_path):
    user = make_user()
    response = client.post(
        "/login", query_string={"next": next_path}, data={"email": user.email, "password": "et langt testpassord"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/my-pages"
    response = client.get("/login", query_string={"next": next_path})  # logged in: sent on
    assert response.status_code == 302 and response.headers["Location"] == "/my-pages"
    response = client.post("/language", data={"locale": "nn", "next": next_path})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("text", ['＝HYPERLINK("http://x")', "﹦1+1", "＋1", "－1", "＠SUM(A1)"])
def test_full_width_and_small_formula_signs_are_neutralised_in_csv(text):
    assert csv_value(text) == "'" + text


def test_plain_text_in_csv_is_left_alone():
    assert csv_value("Sittedans – Heggenes") == "Sittedans – Heggenes"
    assert csv_value("2026-01") == "2026-01"

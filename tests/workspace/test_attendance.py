"""Attendance: who is on the list, marking it (idempotent, checked), and its pages and print views."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import login, make_user
from tests.workspace.conftest import make_signup, today, weekly_offer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.offers import attendance
from webapp.offers.models import Attendance, OfferSession


@pytest.fixture
def group(world):
    offer = weekly_offer(world.m, title_nb="Trim på Raufoss", title_nn="Trim på Raufoss")
    people = [
        make_signup(offer, "Berit Bakken", "41000001"),
        make_signup(offer, "Arne Aas", "41000002"),
        make_signup(offer, "Wenche Venter", "41000003", status="waiting"),
        make_signup(offer, "Cato Cancel", "41000004", status="cancelled"),
    ]
    return offer, people


def _marks() -> dict[int, bool]:
    db.session.expire_all()
    return {row.signup_id: row.present for row in db.session.scalars(select(Attendance))}


def test_the_list_is_confirmed_series_signups_and_this_sessions_own(world, group):
    offer, (berit, arne, *_rest) = group
    occurrence = attendance.occurrence_on(offer, today())
    session = OfferSession(offer_id=offer.id, starts_at=occurrence.starts_at, ends_at=occurrence.ends_at)
    other = OfferSession(
        offer_id=offer.id,
        starts_at=occurrence.starts_at + timedelta(days=1),
        ends_at=occurrence.ends_at + timedelta(days=1),
    )
    db.session.add_all([session, other])
    db.session.commit()
    only_today = make_signup(offer, "Dina Dag", session_id=session.id)
    make_signup(offer, "Erik Imorgon", session_id=other.id)

    found = attendance.attendance_list(offer, today())
    assert [row.signup.id for row in found.rows] == [arne.id, berit.id, only_today.id]
    assert not found.marked and all(row.present is None for row in found.rows)
    assert [s.offer.id for s in attendance.sessions_on(world.m, today())] == [offer.id]
    assert [p.name for p in attendance.phone_list(offer)] == ["Arne Aas", "Berit Bakken"]


def test_marking_twice_overwrites_and_never_duplicates(world, group):
    offer, (berit, arne, *_rest) = group
    attendance.mark(offer, today(), [berit.id], 3, today=today())
    attendance.mark(offer, today(), [berit.id], 3, today=today())
    assert _marks() == {berit.id: True, arne.id: False}
    attendance.mark(offer, today(), [arne.id], None, today=today())
    assert _marks() == {berit.id: False, arne.id: True}
    assert db.session.scalar(select(func.count(OfferSession.id))) == 1
    found = attendance.attendance_list(offer, today())
    assert found.marked and found.drop_ins is None


def test_marking_rejects_people_not_on_the_list_and_bad_input(world, group):
    offer, (berit, _arne, waiting, _cancelled) = group
    stranger = make_signup(weekly_offer(world.m), "Annan Gruppe")
    for ids in ([stranger.id], [waiting.id], [berit.id, 999999]):
        with pytest.raises(attendance.AttendanceError):
            attendance.mark(offer, today(), ids, 0, today=today())
    with pytest.raises(attendance.AttendanceError):
        attendance.mark(offer, today(), [], 501, today=today())
    with pytest.raises(attendance.AttendanceError):
        attendance.mark(offer, today() + timedelta(days=1), [], 0, today=today())
    no_meeting = weekly_offer(world.m, days=("MO",), dtstart=today() + timedelta(days=30))
    with pytest.raises(attendance.AttendanceError):
        attendance.attendance_list(no_meeting, today())
    assert _marks() == {}


def test_attendance_page_saves_with_a_message_and_redirects(client, world, group):
    offer, (berit, arne, *_rest) = group
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=world.m, locale="nn"))
    url = f"/{world.m.slug}/offers/manage/{offer.id}/attendance?date={today().isoformat()}"
    page = client.get(url).get_data(as_text=True)
    assert "Berit Bakken" in page and "41000001" in page and "Wenche Venter" not in page
    response = client.post(url, data={"present": [str(berit.id)], "drop_ins": "2"})
    assert response.status_code == 302 and response.location.endswith(url)
    assert "Oppmøtet er lagra." in client.get(url).get_data(as_text=True)
    assert _marks() == {berit.id: True, arne.id: False}


@pytest.mark.parametrize("data", [{"drop_ins": "mange"}, {"drop_ins": "<b>9</b>"}, {"drop_ins": "9999"}])
def test_bad_drop_ins_give_a_message_not_an_error(client, world, group, data):
    offer, _people = group
    login(client, make_user(roles=(Role.EDITOR,), municipality=world.m, locale="nb"))
    url = f"/{world.m.slug}/offers/manage/{offer.id}/attendance?date={today().isoformat()}"
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "Skriv hvor mange som kom uten påmelding, for eksempel 3." in response.get_data(as_text=True)
    assert _marks() == {}


@pytest.mark.parametrize(
    "query, status",
    [
        ("?date=2026-13-45", 400),
        ("?date=%3Cscript%3E", 400),
        ("?date=0001-01-01", 400),
        ("?date=9999-12-31", 400),
        ("?date=" + "9" * 5000, 400),
        ("?date=1999-01-01", 400),
        ("", 200),
    ],
)
def test_bad_dates_give_a_clear_message(client, world, group, query, status):
    offer, _people = group
    login(client, make_user(roles=(Role.EDITOR,), municipality=world.m, locale="nb"))
    for path in ("attendance", "attendance/print"):
        response = client.get(f"/{world.m.slug}/offers/manage/{offer.id}/{path}{query}")
        assert response.status_code == status
        if status == 400:
            assert 'class="ds-alert"' in response.get_data(as_text=True)


def test_posting_ids_of_another_offer_or_not_numbers_is_refused(client, world, group):
    offer, _people = group
    stranger = make_signup(weekly_offer(world.m), "Annan Gruppe")
    login(client, make_user(roles=(Role.EDITOR,), municipality=world.m, locale="nb"))
    url = f"/{world.m.slug}/offers/manage/{offer.id}/attendance?date={today().isoformat()}"
    for present in ([str(stranger.id)], ["x"]):
        response = client.post(url, data={"present": present})
        assert response.status_code == 302
        assert "ikke på denne oppmøtelisten" in client.get(url).get_data(as_text=True)
    assert _marks() == {}


def test_print_views_show_names_phones_and_the_contact(client, world, group):
    offer, _people = group
    login(client, make_user(roles=(Role.EDITOR,), municipality=world.m, locale="nn"))
    base = f"/{world.m.slug}/offers/manage/{offer.id}"
    sheet = client.get(f"{base}/attendance/print?date={today().isoformat()}").get_data(as_text=True)
    phones = client.get(f"{base}/phones").get_data(as_text=True)
    for page in (sheet, phones):
        assert "Arne Aas" in page and "41000002" in page and "Kari Kontakt" in page
        assert "Wenche Venter" not in page and "Cato Cancel" not in page
    assert sheet.count('class="tick-box"') == 2 + 3
    assert re.search(r"js/print-[0-9a-f]{32}\.js", phones) and "data-print hidden" in phones  # fingerprinted
    listing = client.get(f"/{world.m.slug}/offers/manage/today").get_data(as_text=True)
    assert f"{base}/attendance?date={today().isoformat()}" in listing
    other = weekly_offer(world.m, title_nn="Dans på Eina")
    make_signup(other, "Dordi Dans", "41000009")
    all_today = client.get(f"/{world.m.slug}/offers/manage/today/print").get_data(as_text=True)
    assert all_today.count('<section class="print-page">') == 2
    assert "Arne Aas" in all_today and "Dordi Dans" in all_today and "Wenche Venter" not in all_today


ROUTES = [
    "/offers/manage/today",
    "/offers/manage/today/print",
    "/offers/manage/{id}/attendance",
    "/offers/manage/{id}/attendance/print",
    "/offers/manage/{id}/phones",
]


@pytest.mark.parametrize("route", ROUTES)
def test_attendance_routes_are_for_editors_and_coordinators_of_the_municipality(client, world, group, route):
    offer, _people = group
    path = f"/{world.m.slug}" + route.format(id=offer.id)
    assert client.get(path).status_code == 302  # logged out: to the login page
    for roles, status in [
        ((Role.EDITOR,), 200),
        ((Role.VOLUNTEER_COORDINATOR,), 200),
        ((Role.UNIT_STAFF, Role.ALLOCATION_OFFICER, Role.CITIZEN), 403),
    ]:
        login(client, make_user(roles=roles, municipality=world.m))
        assert client.get(path).status_code == status, roles
        client.post("/logout")
    login(client, make_user(roles=(Role.EDITOR,), municipality=world.other))
    assert client.get(path).status_code == 403
    if "{id}" in route:
        assert client.get(f"/{world.other.slug}" + route.format(id=offer.id)).status_code == 404


def test_saving_attendance_needs_the_csrf_token(app, monkeypatch, client, world, group):
    offer, (berit, *_rest) = group
    login(client, make_user(roles=(Role.EDITOR,), municipality=world.m, locale="nb"))
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    url = f"/{world.m.slug}/offers/manage/{offer.id}/attendance?date={today().isoformat()}"
    assert client.post(url, data={"present": [str(berit.id)]}).status_code == 400
    assert _marks() == {}

"""E-mail and password login switched off for relatives and for staff, per municipality; the
switch bites only where the other way in is set up, and only an administrator there may flip it."""

from __future__ import annotations

import re

import pytest

from tests.factories import login, make_municipality, make_user
from webapp.accounts.models import Role
from webapp.extensions import db

PROVIDER = {"issuer": "https://login.kommune.example/v2.0", "client_id": "c", "client_secret": "s"}


@pytest.fixture
def place(app, ctx, monkeypatch):
    municipality = make_municipality(slug="bryter", name="Bryter kommune")
    monkeypatch.setitem(app.config, "STAFF_PROVIDERS", {municipality.slug: PROVIDER})
    monkeypatch.setitem(app.config, "IDPORTEN_ISSUER", "https://test.idporten.no")
    return municipality


def _switch(municipality, *, relatives: bool, staff: bool) -> None:
    municipality.password_login_relatives = relatives
    municipality.password_login_staff = staff
    db.session.commit()


def _password_login(client, user):
    return client.post("/login", data={"email": user.email, "password": "et langt testpassord"})


def _logged_in(client) -> bool:
    return client.get("/profile").status_code == 200


def test_everyone_may_use_a_password_by_default(client, place) -> None:
    for role in (Role.RELATIVE, Role.ALLOCATION_OFFICER, Role.VOLUNTEER_COORDINATOR):
        user = make_user(roles=((role, place),))
        login(client, user)
        client.post("/logout")


def test_staff_are_sent_to_their_work_account_when_switched_off(client, place) -> None:
    _switch(place, relatives=True, staff=False)
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, place),))
    answer = _password_login(client, officer)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Bryter kommune ber ansatte logge inn med jobbkontoen" in page
    assert 'id="login-elsewhere"' in page and 'href="/staff/login"' in page
    assert not _logged_in(client)


def test_relatives_are_sent_to_idporten_when_switched_off(client, place) -> None:
    _switch(place, relatives=False, staff=True)
    relative = make_user(roles=((Role.RELATIVE, place),))
    answer = _password_login(client, relative)
    assert answer.status_code == 400
    assert "Bryter kommune ber pårørende logge inn med ID-porten" in answer.get_data(as_text=True)
    assert not _logged_in(client)
    # Staff are not touched by the relatives' switch.
    login(client, make_user(roles=((Role.UNIT_STAFF, place),)))


def test_volunteers_citizens_and_other_municipalities_keep_their_password(client, place) -> None:
    _switch(place, relatives=False, staff=False)
    other = make_municipality()
    for user in (
        make_user(roles=((Role.VOLUNTEER, place),)),
        make_user(roles=((Role.CITIZEN, place),)),
        make_user(roles=((Role.RELATIVE, other), (Role.ALLOCATION_OFFICER, other))),
        make_user(roles=(Role.ADMINISTRATOR,)),  # everywhere: no municipality's to switch
    ):
        login(client, user)
        client.post("/logout")


def test_no_one_is_locked_out_where_the_other_way_is_not_set_up(client, place, app, monkeypatch) -> None:
    _switch(place, relatives=False, staff=False)
    monkeypatch.setitem(app.config, "STAFF_PROVIDERS", "")
    monkeypatch.setitem(app.config, "IDPORTEN_ISSUER", "")
    login(client, make_user(roles=((Role.RELATIVE, place), (Role.EDITOR, place))))


def test_a_wrong_password_says_nothing_about_the_switch(client, place) -> None:
    _switch(place, relatives=True, staff=False)
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, place),))
    answer = client.post("/login", data={"email": officer.email, "password": "feil passord heilt"})
    assert answer.status_code == 400
    assert "jobbkontoen" not in answer.get_data(as_text=True)


def test_an_administrator_of_the_municipality_switches(client, place) -> None:
    admin = make_user(roles=((Role.ADMINISTRATOR, place),))
    login(client, admin)
    page = client.get(f"/{place.slug}/admin/login-methods")
    assert page.status_code == 200
    boxes = re.findall(r"<input[^>]*type=\"checkbox\"[^>]*>", page.get_data(as_text=True))
    assert len(boxes) == 2 and all("checked" in box for box in boxes)
    answer = client.post(f"/{place.slug}/admin/login-methods", data={"relatives": "y"})
    assert answer.status_code == 302
    db.session.refresh(place)
    assert place.password_login_relatives and not place.password_login_staff


def test_switching_off_without_the_other_way_is_refused_and_keeps_the_choice(client, place, app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "STAFF_PROVIDERS", "")
    admin = make_user(roles=((Role.ADMINISTRATOR, place),))
    login(client, admin)
    answer = client.post(f"/{place.slug}/admin/login-methods", data={"relatives": ""})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert 'id="staff-error"' in page
    assert "kommunens egen innlogging" in page
    db.session.refresh(place)
    assert place.password_login_relatives and place.password_login_staff


@pytest.mark.parametrize(
    "roles, status",
    [
        ((), 403),
        ("coordinator", 403),
        ("other-admin", 403),
    ],
)
def test_only_the_municipalitys_administrators_may_switch(client, place, roles, status) -> None:
    if roles == "coordinator":
        user = make_user(roles=((Role.VOLUNTEER_COORDINATOR, place),))
    elif roles == "other-admin":
        user = make_user(roles=((Role.ADMINISTRATOR, make_municipality()),))
    else:
        user = make_user()
    login(client, user)
    assert client.get(f"/{place.slug}/admin/login-methods").status_code == status
    assert client.post(f"/{place.slug}/admin/login-methods", data={}).status_code == status
    db.session.refresh(place)
    assert place.password_login_staff


def test_logged_out_people_are_sent_to_log_in(client, place) -> None:
    answer = client.get(f"/{place.slug}/admin/login-methods")
    assert answer.status_code == 302 and "/login" in answer.location

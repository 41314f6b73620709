"""Keep my place: the page a person was on (`next`, a path on this site only) survives registering,
the confirmation e-mail and logging in, with a password or with ID-porten; without it, staff land
on their workspace and everyone else on Mine sider."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from tests.accounts.test_idporten_login import PID, back_from_provider, configured, issuer  # noqa: F401
from tests.factories import PASSWORD, make_user
from tests.idporten_support import PersonAtProvider
from webapp.accounts import idporten
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage

WANTED = "/oystre-slidre/respite/apply"
EVIL = [
    "//evil.example/steal",
    "https://evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "/x\r\nLocation: //e",
]


def _register(client, email: str, next_value: str | None):
    data = {
        "name": "Kari Nordmann",
        "email": email,
        "password": "eit langt og godt passord",
        "password_again": "eit langt og godt passord",
        "locale": "nn",
        "home_municipality": "",
    }
    return client.post("/register", query_string={"next": next_value} if next_value else {}, data=data)


def _confirm_link(email: str) -> str:
    body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.recipient == email))
    return re.search(r"https?://\S+/confirm/\S+", body).group(0)


def _log_in(client, location: str, email: str):
    return client.post(location, data={"email": email, "password": "eit langt og godt passord"})


def test_next_survives_register_confirm_and_login(client, ctx, municipalities):
    registered = _register(client, "kari@example.no", WANTED)
    assert registered.status_code == 302
    link = urlsplit(_confirm_link("kari@example.no"))
    assert parse_qs(link.query) == {"next": [WANTED]}

    confirmed = client.post(f"{link.path}?{link.query}")
    assert confirmed.status_code == 302
    login_page = urlsplit(confirmed.location)
    assert login_page.path == "/login" and parse_qs(login_page.query) == {"next": [WANTED]}
    assert f"/register?next={WANTED}" in client.get(confirmed.location).get_data(as_text=True)

    logged_in = _log_in(client, confirmed.location, "kari@example.no")
    assert logged_in.status_code == 302 and logged_in.location == WANTED


def test_without_next_a_person_lands_on_my_pages(client, ctx, municipalities):
    _register(client, "ola@example.no", None)
    link = urlsplit(_confirm_link("ola@example.no"))
    assert "next" not in parse_qs(link.query)
    confirmed = client.post(link.path)
    assert confirmed.location == "/login"
    assert _log_in(client, "/login", "ola@example.no").location == "/my-pages"


@pytest.mark.parametrize("evil", EVIL)
def test_a_next_to_another_site_is_never_followed(client, ctx, municipalities, evil):
    _register(client, "per@example.no", evil)
    link = urlsplit(_confirm_link("per@example.no"))
    assert "next" not in parse_qs(link.query) and "evil" not in link.query
    confirmed = client.post(f"{link.path}?{urlsplit(evil).query}", query_string={"next": evil})
    assert confirmed.location == "/login"
    response = client.post(
        "/login", query_string={"next": evil}, data={"email": "per@example.no", "password": "eit langt og godt passord"}
    )
    assert response.status_code == 302 and response.location == "/my-pages"
    again = client.get("/login", query_string={"next": evil})
    assert again.status_code == 302 and again.location == "/my-pages"


def test_staff_land_on_their_workspace_and_others_on_my_pages(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=m)
    response = client.post("/login", data={"email": coordinator.email, "password": PASSWORD})
    assert response.location == "/oystre-slidre/workspace"
    assert client.get("/login").location == "/oystre-slidre/workspace"

    other = make_user(municipality=m)
    with client.session_transaction() as session:
        session.clear()
    response = client.post("/login", data={"email": other.email, "password": PASSWORD})
    assert response.location == "/my-pages"


def test_an_unconfirmed_login_resends_the_link_with_the_place(client, ctx, municipalities):
    user = make_user(email_confirmed_at=None)
    response = client.post("/login", query_string={"next": WANTED}, data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert parse_qs(urlsplit(_confirm_link(user.email)).query) == {"next": [WANTED]}


@pytest.mark.usefixtures("configured")
def test_id_porten_keeps_the_place_and_refuses_another_site(client: Any, ctx: Any) -> None:
    person = PersonAtProvider("http://localhost/")
    back = back_from_provider(client, person, PID, idporten.HIGH, f"/idporten/login?next={WANTED}")
    assert back.status_code == 302 and back.location in (WANTED, "/idporten/contact")
    if back.location == "/idporten/contact":  # a first login asks how to reach the person, then goes on
        answered = client.post("/idporten/contact", data={"name": "Kari", "email": "kari.id@example.no", "phone": ""})
        assert answered.location == WANTED
    with client.session_transaction() as session:
        session.clear()
    someone = PersonAtProvider("http://localhost/")  # a browser without the provider's session
    back = back_from_provider(client, someone, PID, idporten.HIGH, "/idporten/login?next=//evil.example/")
    assert back.status_code == 302 and back.location == "/my-pages"

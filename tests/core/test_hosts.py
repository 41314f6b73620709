"""Links in messages are built from PUBLIC_URL; requests for another host are refused; forwarded
headers count only from the proxies we run (TRUSTED_PROXIES)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.offers.conftest import make_offer
from webapp import config
from webapp.extensions import db, limiter
from webapp.notifications.models import OutboxMessage

PUBLIC = "https://meistring.kommune.example"


def links_in_outbox() -> list[str]:
    bodies = db.session.scalars(select(OutboxMessage.body)).all()
    return [link for body in bodies for link in re.findall(r"https?://\S+", body)]


@pytest.fixture
def public_url(app, monkeypatch) -> str:
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    return PUBLIC


def sign_up_for_an_offer(client, municipalities) -> None:
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=10)
    response = client.post(
        f"/oystre-slidre/offers/{offer.id}",
        data={"name": "Olav", "phone": "91234567", "email": "olav@example.no", "session": ""},
    )
    assert response.status_code == 303  # on to the receipt


@pytest.mark.parametrize("action", ["forgot-password", "register", "offer sign-up"])
def test_links_in_messages_use_the_public_address_not_the_request_host(client, ctx, municipalities, public_url, action):
    # The client may reach the app under any of its trusted names (here "localhost", as a worker
    # behind the proxy would be reached); the links must still lead to the public address.
    if action == "forgot-password":
        make_user(email="kari@example.no")
        client.post("/forgot-password", data={"email": "kari@example.no"})
    elif action == "register":
        client.post(
            "/register",
            data={
                "name": "Ola Nordmann",
                "email": "ola@example.no",
                "password": "et godt passord her",
                "password_again": "et godt passord her",
                "locale": "nn",
                "home_municipality": "",
            },
        )
    else:
        sign_up_for_an_offer(client, municipalities)
    links = links_in_outbox()
    assert links, "the action queued no message with a link"
    assert all(link.startswith(PUBLIC + "/") for link in links), links


def test_a_request_for_another_host_is_refused_and_sends_nothing(client, ctx, public_url):
    make_user(email="admin@example.no")
    evil = {"Host": "evil.example"}
    assert client.get("/forgot-password", headers=evil).status_code == 400
    response = client.post("/forgot-password", data={"email": "admin@example.no"}, headers=evil)
    assert response.status_code == 400
    assert "Vi forsto ikke forespørselen" in response.get_data(as_text=True)
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_forwarded_host_is_never_believed(client, ctx, public_url):
    make_user(email="admin@example.no")
    client.post(
        "/forgot-password",
        data={"email": "admin@example.no"},
        headers={"X-Forwarded-Host": "evil.example", "Forwarded": "host=evil.example"},
    )
    assert links_in_outbox() and all(link.startswith(PUBLIC + "/") for link in links_in_outbox())


def test_trusted_hosts_come_from_the_public_address():
    production = {"APP_ENV": "production", "PUBLIC_URL": "https://meistring.kommune.no/"}
    assert config.trusted_hosts(production) == ["meistring.kommune.no"]
    assert config.trusted_hosts(production | {"TRUSTED_HOSTS": ["a.no", ".b.no"]}) == ["a.no", ".b.no"]
    development = {"APP_ENV": "development", "PUBLIC_URL": "http://127.0.0.1:5000"}
    assert config.trusted_hosts(development) == ["127.0.0.1", "localhost", "127.0.0.1"]


def test_the_public_address_may_have_a_path(app, ctx, monkeypatch):
    from webapp.navigation import external_url

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://kommune.example/meistring")
    assert external_url("accounts.login") == "https://kommune.example/meistring/login"


def attempts_until_refused(client, headers_for, limit: int) -> list[int]:
    """Wrong-password attempts, each with another address so only the client's key counts."""
    codes = []
    for attempt in range(limit + 1):
        response = client.post(
            "/login",
            headers=headers_for(attempt),
            data={"email": f"nobody{attempt}@example.no", "password": "feil passord!"},
        )
        codes.append(response.status_code)
    return codes


def test_a_client_cannot_choose_its_address_without_a_trusted_proxy(client, app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_CLIENT_LIMIT", "3 per minute")
    codes = attempts_until_refused(client, lambda n: {"X-Forwarded-For": f"203.0.113.{n}"}, limit=3)
    assert codes == [400, 400, 400, 429]


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(make_app, ctx):
    proxied = make_app(TRUSTED_PROXIES=1, LOGIN_CLIENT_LIMIT="3 per minute")
    client = proxied.test_client()
    limiter.reset()
    codes = attempts_until_refused(client, lambda n: {"X-Forwarded-For": "203.0.113.7"}, limit=3)
    assert codes == [400, 400, 400, 429]
    # Another person behind the same proxy is not locked out by the first one's attempts; the
    # proxy appends the address it saw, so a forged first entry changes nothing.
    response = client.post(
        "/login",
        headers={"X-Forwarded-For": "203.0.113.7, 198.51.100.4"},
        data={"email": "someone@example.no", "password": "feil passord!"},
    )
    assert response.status_code == 400

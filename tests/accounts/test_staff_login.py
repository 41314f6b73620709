""" "Logg inn for tilsette" against a real OpenID Connect provider configured like a municipality's
own (tests/staff_provider.mjs): roles come from our data, health-data roles need `amr` with `mfa`."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from tests import staff_provider
from tests.factories import make_municipality, make_user
from webapp.accounts import idporten, staff_login
from webapp.accounts.models import Role, StaffIdentity
from webapp.config import problems
from webapp.extensions import db

CALLBACK = "http://localhost/staff/callback"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with staff_provider.running([CALLBACK]) as url:
        yield url


@pytest.fixture
def place(app, ctx, issuer, monkeypatch):
    municipality = make_municipality(slug="tilsett-kommune", name="Tilsett kommune")
    monkeypatch.setitem(app.config, "STAFF_PROVIDERS", staff_provider.settings(municipality.slug, issuer))
    return municipality


def _log_in(client, slug: str, email: str, mfa: bool):
    started = client.get(f"/staff/login/{slug}")
    assert started.status_code == 302
    back = staff_provider.log_in(started.location, email, mfa)
    assert back.startswith(CALLBACK + "?")
    return client.get(back.removeprefix("http://localhost"))


def _logged_in(client) -> bool:
    return client.get("/profile").status_code == 200


def test_the_login_page_offers_staff_login_only_when_a_provider_is_set(client, place, app, monkeypatch) -> None:
    assert b"/staff/login" in client.get("/login").data
    page = client.get("/staff/login")
    assert page.status_code == 200 and b"/staff/login/tilsett-kommune" in page.data
    monkeypatch.setitem(app.config, "STAFF_PROVIDERS", "")
    assert b"/staff/login" not in client.get("/login").data


def test_a_coordinator_logs_in_without_mfa_and_is_known_by_subject_next_time(client, place) -> None:
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, place),), email="Kari@Kommune.example")
    answer = _log_in(client, place.slug, "kari@kommune.example", mfa=False)
    assert answer.status_code == 302
    assert _logged_in(client)
    identity = db.session.scalar(select(StaffIdentity).where(StaffIdentity.user_id == coordinator.id))
    assert (
        identity is not None and identity.issuer == staff_login.configured(client.application.config)[place.slug].issuer
    )

    # The address changes here; the provider's subject still finds the account.
    coordinator.email = "kari.ny@kommune.example"
    db.session.commit()
    client.post("/logout")
    assert not _logged_in(client)
    assert _log_in(client, place.slug, "kari@kommune.example", mfa=False).status_code == 302
    assert _logged_in(client)


@pytest.mark.parametrize("role", [Role.ALLOCATION_OFFICER, Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_a_health_data_role_without_mfa_is_refused(client, place, role) -> None:
    make_user(roles=((role, place),), email="helse@kommune.example")
    answer = _log_in(client, place.slug, "helse@kommune.example", mfa=False)
    assert answer.status_code == 403
    assert b'data-reason="mfa"' in answer.data
    assert not _logged_in(client)
    assert db.session.scalar(select(StaffIdentity)) is None


def test_a_health_data_role_held_in_another_municipality_also_needs_mfa(client, place) -> None:
    other = make_municipality()
    make_user(roles=((Role.EDITOR, place), (Role.ALLOCATION_OFFICER, other)), email="to@kommune.example")
    assert _log_in(client, place.slug, "to@kommune.example", mfa=False).status_code == 403
    assert not _logged_in(client)


def test_a_health_data_role_with_mfa_logs_in(client, place) -> None:
    make_user(roles=((Role.ALLOCATION_OFFICER, place),), email="tildeling@kommune.example")
    answer = _log_in(client, place.slug, "tildeling@kommune.example", mfa=True)
    assert answer.status_code == 302
    assert _logged_in(client)


def test_the_configured_mfa_value_is_the_one_asked_for(client, place, app, issuer, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "STAFF_PROVIDERS", staff_provider.settings(place.slug, issuer, mfa="hwk"))
    make_user(roles=((Role.UNIT_STAFF, place),), email="eining@kommune.example")
    assert _log_in(client, place.slug, "eining@kommune.example", mfa=True).status_code == 403
    assert not _logged_in(client)


def test_an_unknown_person_is_refused(client, place) -> None:
    make_user(email="innbyggjar@kommune.example")  # an account, but no staff role
    for email in ("ukjend@kommune.example", "innbyggjar@kommune.example"):
        answer = _log_in(client, place.slug, email, mfa=True)
        assert answer.status_code == 403
        assert b'data-reason="unknown"' in answer.data
        assert not _logged_in(client)


def test_staff_of_another_municipality_are_unknown_here(client, place) -> None:
    other = make_municipality()
    make_user(roles=((Role.VOLUNTEER_COORDINATOR, other),), email="nabo@kommune.example")
    assert _log_in(client, place.slug, "nabo@kommune.example", mfa=True).status_code == 403
    assert not _logged_in(client)


def test_a_provider_answering_as_another_issuer_is_refused(client, place, app, issuer, monkeypatch) -> None:
    # The settings name the provider by another address than the one it answers as.
    wrong = issuer.replace("127.0.0.1", "localhost")
    monkeypatch.setitem(app.config, "STAFF_PROVIDERS", staff_provider.settings(place.slug, wrong))
    answer = client.get(f"/staff/login/{place.slug}")
    assert answer.status_code == 400
    assert b'data-reason="failed"' in answer.data


def test_an_id_token_from_another_issuer_is_refused(issuer, clock: Any) -> None:
    provider = idporten.Provider.discover(issuer, staff_provider.CLIENT, staff_provider.SECRET)
    url, start = idporten.begin(provider, CALLBACK, None, scope=staff_login.SCOPE)
    assert "acr_values" not in parse_qs(urlsplit(url).query)
    back = parse_qs(urlsplit(staff_provider.log_in(url, "x@kommune.example", mfa=True)).query)
    other = dataclasses.replace(provider, issuer="https://login.annan.example/v2.0")
    with pytest.raises(idporten.IdTokenError):
        idporten.finish(
            other,
            idporten.ProviderKeys(provider.jwks_uri),
            start,
            redirect_uri=CALLBACK,
            code=back["code"][0],
            state=back["state"][0],
            now=int(clock.now.timestamp()),
        )


def test_a_callback_without_a_login_under_way_logs_nobody_in(client, place) -> None:
    answer = client.get("/staff/callback?code=x&state=y")
    assert answer.status_code == 400
    assert not _logged_in(client)


def test_a_municipality_without_a_provider_has_no_staff_login(client, place) -> None:
    other = make_municipality()
    assert client.get(f"/staff/login/{other.slug}").status_code == 404


def test_the_setting_is_checked() -> None:
    def said(value: object) -> list[str]:
        return [p.message for p in problems({"STAFF_PROVIDERS": value}) if p.setting == "STAFF_PROVIDERS"]

    assert said("") == []
    assert said("{not json") and said('{"a": {"issuer": "https://x"}}')
    assert said('{"a": {"issuer": "http://x", "client_id": "c", "client_secret": "s"}}')
    assert said('{"a": {"issuer": "https://x", "client_id": "c", "client_secret": "s"}}') == []

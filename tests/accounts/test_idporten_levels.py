"""Assurance levels: respite and applications need `idporten-loa-high`, anything personal after an
ID-porten login `idporten-loa-substantial`, each configurable per municipality; a person who
logged in lower is sent to a page that says why and leads to a login at the level needed."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import login, make_municipality, make_user
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts import idporten
from webapp.accounts.models import Role


@pytest.fixture
def configured(app: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    # Deciding the level needs no provider: only the one the session was started with.
    monkeypatch.setitem(app.config, "IDPORTEN_ISSUER", "https://test.idporten.example")
    monkeypatch.setitem(app.config, "IDPORTEN_PID_SECRET", "k" * 40)
    return app


@pytest.fixture
def relative(ctx: Any) -> tuple[Any, Any]:
    municipality = make_municipality(default_locale="nn")
    unit = make_respite_unit(municipality, places=2)
    person = make_user(roles=(Role.RELATIVE,), municipality=municipality)
    make_decision(municipality, [unit], [person])
    return municipality, person


def logged_in_at(client: Any, person: Any, level: str | None) -> None:
    """A session as an ID-porten login at `level` leaves it (None: a password login)."""
    login(client, person)
    if level is not None:
        with client.session_transaction() as session:
            session["_idporten"] = {"acr": level, "sid": None, "token": ""}


def step_up_target(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 302, response.status_code
    parts = urlsplit(response.location)
    assert parts.path == "/idporten/step-up"
    return parse_qs(parts.query)


def test_respite_needs_level_high(configured: Any, client: Any, relative: tuple[Any, Any]) -> None:
    municipality, person = relative
    logged_in_at(client, person, idporten.SUBSTANTIAL)
    page = f"/{municipality.slug}/respite"
    target = step_up_target(client.get(page))
    assert target == {"next": [page], "for": ["respite"]}

    explained = client.get(f"/idporten/step-up?next={page}&for=respite")
    assert explained.status_code == 200
    body = explained.get_data(as_text=True)
    assert 'id="step-up-reason"' in body
    assert f"/idporten/login?next={page.replace('/', '%2F')}&amp;for=respite" in body or (
        f"/idporten/login?next={page}&amp;for=respite" in body
    )

    with client.session_transaction() as session:
        session["_idporten"]["acr"] = idporten.HIGH
    assert client.get(page).status_code == 200


def test_the_step_up_page_speaks_both_standards(configured: Any, client: Any, relative: tuple[Any, Any]) -> None:
    _, person = relative
    logged_in_at(client, person, idporten.SUBSTANTIAL)
    for locale, words in (("nn", "høgaste nivå"), ("nb", "høyeste nivå")):
        client.post("/language", data={"locale": locale, "next": "/"})
        assert words in client.get("/idporten/step-up?for=respite").get_data(as_text=True)


def test_a_municipality_may_choose_substantial_for_respite(
    configured: Any, client: Any, relative: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    municipality, person = relative
    monkeypatch.setitem(
        configured.config, "IDPORTEN_LEVEL_RESPITE_BY_MUNICIPALITY", {municipality.slug: idporten.SUBSTANTIAL}
    )
    logged_in_at(client, person, idporten.SUBSTANTIAL)
    assert client.get(f"/{municipality.slug}/respite").status_code == 200


def test_a_municipality_may_ask_high_for_anything_personal(
    configured: Any, client: Any, relative: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    municipality, person = relative
    monkeypatch.setitem(
        configured.config, "IDPORTEN_LEVEL_PERSONAL_BY_MUNICIPALITY", {municipality.slug: idporten.HIGH}
    )
    logged_in_at(client, person, idporten.SUBSTANTIAL)
    target = step_up_target(client.get(f"/{municipality.slug}/offers"))
    assert target["for"] == ["personal"]
    assert "/idporten/login" in client.get("/idporten/step-up?for=personal").get_data(as_text=True)


def test_a_password_login_is_not_enough_for_respite_once_id_porten_is_on(
    configured: Any, client: Any, relative: tuple[Any, Any]
) -> None:
    municipality, person = relative
    logged_in_at(client, person, None)
    step_up_target(client.get(f"/{municipality.slug}/respite"))
    # Pages that are not respite stay open to the password login.
    assert client.get("/my-pages").status_code == 200


def test_without_id_porten_respite_works_as_before(client: Any, relative: tuple[Any, Any]) -> None:
    municipality, person = relative
    logged_in_at(client, person, None)
    assert client.get(f"/{municipality.slug}/respite").status_code == 200


def test_staff_are_not_sent_to_id_porten(configured: Any, client: Any, relative: tuple[Any, Any]) -> None:
    municipality, _ = relative
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipality)
    logged_in_at(client, officer, None)
    assert client.get(f"/{municipality.slug}/respite/office").status_code != 302


def test_levels_follow_the_settings(configured: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from webapp.accounts import idporten_services as services

    assert services.level_for(services.PERSONAL) == idporten.SUBSTANTIAL
    assert services.level_for(services.RESPITE) == idporten.HIGH
    monkeypatch.setitem(configured.config, "IDPORTEN_LEVEL_PERSONAL_BY_MUNICIPALITY", {"a": idporten.HIGH})
    monkeypatch.setitem(configured.config, "IDPORTEN_LEVEL_RESPITE_BY_MUNICIPALITY", {"a": idporten.SUBSTANTIAL})
    assert services.level_for(services.PERSONAL, "a") == idporten.HIGH
    assert services.level_for(services.RESPITE, "a") == idporten.HIGH  # never below the personal level
    monkeypatch.setitem(configured.config, "IDPORTEN_LEVEL_RESPITE_BY_MUNICIPALITY", {"b": "idporten-loa-low"})
    assert services.level_for(services.RESPITE, "b") == idporten.HIGH  # a mistyped level asks for the most

"""The allocation office registers a decision by the identity numbers of the person cared for and
of a relative: checked by the modulus-11 rule, kept only as keyed hashes, shown masked to the
office; the relative who then logs in with ID-porten sees the decision at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.factories import login, make_municipality, make_user
from tests.idporten_support import CLIENT, PID_SECRET, SECRET, PersonAtProvider, running_provider
from tests.respite.conftest import make_respite_unit
from webapp.accounts import idporten
from webapp.accounts.models import Role, User
from webapp.extensions import db
from webapp.respite.models import CareReceiver, Decision, DecisionRelative

OURS = "http://localhost/"
RECEIVER = "15053820074"
RELATIVE = "01019040034"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with running_provider(OURS + "idporten/callback", OURS + "idporten/logged-out") as url:
        yield url


@pytest.fixture
def keyed(app: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setitem(app.config, "IDPORTEN_PID_SECRET", PID_SECRET)
    return app


@pytest.fixture
def office(ctx: Any) -> tuple[Any, Any, Any]:
    municipality = make_municipality(default_locale="nb")
    unit = make_respite_unit(municipality, places=2)
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipality)
    return municipality, unit, officer


def decision_form(unit: Any, **overrides: str) -> dict[str, Any]:
    data = {
        "receiver_name": "Olav Omsorg",
        "receiver_birth_year": "1938",
        "receiver_pid": RECEIVER,
        "kind": unit.kind,
        "units": [str(unit.id)],
        "quota_amount": "4",
        "quota_unit": "nights",
        "period_kind": "rolling",
        "period_days": "28",
        "valid_from": "2026-01-01",
        "valid_to": "2027-12-31",
        "horizon_days": "90",
        "cancel_hours": "48",
        "max_stay": "7",
        "relative_email": "",
        "relative_pid": RELATIVE,
        "relative_name": "Kari Omsorg",
        "consent_given_by": "Olav Omsorg",
        "consent_date": "2026-01-05",
        "consent_method": "written",
    }
    data.update(overrides)
    return data


def test_numbers_are_checked_with_modulus_11_and_the_error_names_the_field(
    keyed: Any, client: Any, office: tuple[Any, Any, Any]
) -> None:
    municipality, unit, officer = office
    login(client, officer)
    path = f"/{municipality.slug}/respite/office/decisions/new"
    wrong_receiver = client.post(path, data=decision_form(unit, receiver_pid="15053820075"))
    assert wrong_receiver.status_code == 400
    page = wrong_receiver.get_data(as_text=True)
    assert "Fødselsnummeret til den som får hjelp, er ikke gyldig" in page
    assert 'value="Olav Omsorg"' in page  # what was typed is kept
    wrong_relative = client.post(path, data=decision_form(unit, relative_pid="0101904003"))
    assert wrong_relative.status_code == 400
    assert "Fødselsnummeret til den pårørende er ikke gyldig" in wrong_relative.get_data(as_text=True)
    assert not db.session.scalars(select(Decision)).all()
    assert not idporten.valid_identity_number("abcdefghijk")
    assert idporten.valid_identity_number(RECEIVER) and idporten.valid_identity_number("150538 20074")


def test_registered_numbers_are_kept_as_hashes_and_shown_masked_to_the_office(
    keyed: Any, client: Any, office: tuple[Any, Any, Any]
) -> None:
    municipality, unit, officer = office
    login(client, officer)
    answer = client.post(f"/{municipality.slug}/respite/office/decisions/new", data=decision_form(unit))
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    receiver = db.session.scalar(select(CareReceiver))
    assert receiver.pid_hash == idporten.pid_hash(RECEIVER, PID_SECRET) and receiver.pid_tail == RECEIVER[-5:]
    relative = db.session.scalar(select(User).where(User.pid_hash == idporten.pid_hash(RELATIVE, PID_SECRET)))
    assert relative is not None and relative.email is None and relative.name == "Kari Omsorg"
    assert relative.has_role(Role.RELATIVE, municipality)
    assert db.session.scalar(select(DecisionRelative.pid_tail)) == RELATIVE[-5:]

    page = client.get(answer.location).get_data(as_text=True)
    assert f"******{RECEIVER[-5:]}" in page and f"******{RELATIVE[-5:]}" in page
    assert RECEIVER not in page and RELATIVE not in page


def test_without_the_key_the_form_does_not_ask_for_numbers(client: Any, office: tuple[Any, Any, Any]) -> None:
    municipality, _unit, officer = office
    login(client, officer)
    page = client.get(f"/{municipality.slug}/respite/office/decisions/new").get_data(as_text=True)
    assert 'name="receiver_pid"' not in page and 'name="relative_pid"' not in page


def test_the_relative_logs_in_with_id_porten_and_sees_the_decision_at_once(
    keyed: Any, client: Any, office: tuple[Any, Any, Any], issuer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    municipality, unit, officer = office
    login(client, officer)
    client.post(f"/{municipality.slug}/respite/office/decisions/new", data=decision_form(unit))
    client.post("/logout")

    for name, value in (
        ("IDPORTEN_ISSUER", issuer),
        ("IDPORTEN_CLIENT_ID", CLIENT),
        ("IDPORTEN_CLIENT_SECRET", SECRET),
    ):
        monkeypatch.setitem(keyed.config, name, value)
    relative = keyed.test_client()
    start = relative.get(f"/idporten/login?next=/{municipality.slug}/respite&for=respite")
    back = urlsplit(PersonAtProvider(OURS).log_in(start.location, RELATIVE, idporten.HIGH))
    answer = relative.get(f"{back.path}?{back.query}")
    assert answer.location == "/idporten/contact"  # the office knew no e-mail or phone
    saved = relative.post("/idporten/contact", data={"name": "Kari Omsorg", "email": "", "phone": "91234567"})
    assert saved.location == f"/{municipality.slug}/respite"
    respite = relative.get(saved.location)
    assert respite.status_code == 200
    assert "Olav Omsorg" in respite.get_data(as_text=True)
    assert "Olav Omsorg" in relative.get("/my-pages").get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(User).where(User.pid_hash.is_not(None))) == 1

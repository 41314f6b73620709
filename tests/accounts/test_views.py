import re

import pytest

from tests.factories import PASSWORD, login, make_user
from webapp.accounts.models import User
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage

REGISTER = {
    "name": "Ola Nordmann",
    "email": "ola@example.no",
    "password": "et godt passord her",
    "password_again": "et godt passord her",
    "locale": "nn",
    "home_municipality": "",
}


def html(response) -> str:
    return response.get_data(as_text=True)


def without_tokens(text: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", text)


def test_register_then_confirm_then_login(client, municipalities):
    response = client.post("/register", data=REGISTER)
    assert response.status_code == 302 and response.headers["Location"].endswith("/register/sent")
    message = db.session.scalar(db.select(OutboxMessage))
    link = message.body.split("http://localhost", 1)[1].split()[0]
    # not confirmed yet: login says so and sends a new link
    response = client.post("/login", data={"email": "ola@example.no", "password": REGISTER["password"]})
    assert response.status_code == 400 and "Bekreft e-postadressen din først" in html(response)
    assert "Bekreft e-postadressen" in html(client.get(link))
    response = client.post(link)
    assert response.status_code == 302
    response = client.post("/login", data={"email": "ola@example.no", "password": REGISTER["password"]})
    assert response.status_code == 302
    assert "Profilen min" in html(client.get("/profile"))


def test_register_form_keeps_input_and_shows_translated_errors(client, municipalities):
    client.post("/language", data={"locale": "nn"})
    data = {**REGISTER, "email": "ikkje-ei-adresse", "password_again": "noko anna heilt"}
    response = client.post("/register", data=data)
    page = html(response)
    assert response.status_code == 400
    assert "ds-error-summary" in page
    assert "Skriv ei gyldig e-postadresse" in page
    assert "Dei to passorda er ikkje like" in page
    assert 'value="Ola Nordmann"' in page and 'value="ikkje-ei-adresse"' in page
    assert 'aria-describedby="email-error"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", ""),
        ("name", "x" * 10000),
        ("email", "<script>alert(1)</script>"),
        ("email", "a" * 300 + "@example.no"),
        ("name", "'; DROP TABLE users; --\x00"),
        ("home_municipality", "abc"),
        ("home_municipality", "99999"),
        ("locale", "de"),
        ("password", "kort"),
    ],
)
def test_register_bad_input_is_a_clear_4xx(client, municipalities, field, value):
    response = client.post("/register", data={**REGISTER, field: value})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in html(response)
    assert "ds-validation-message" in html(response)


def test_login_same_answer_for_unknown_address(client, ctx):
    make_user(email="kjent@example.no")
    known = client.post("/login", data={"email": "kjent@example.no", "password": "feil passord!"})
    unknown = client.post("/login", data={"email": "ukjent@example.no", "password": "feil passord!"})
    assert known.status_code == unknown.status_code == 400
    assert "E-postadressen eller passordet er feil" in html(known)
    assert without_tokens(html(known)).replace('value="kjent@', 'value="X@') == without_tokens(html(unknown)).replace(
        'value="ukjent@', 'value="X@'
    )


def test_forgot_password_same_answer(client, ctx):
    make_user(email="kjent@example.no")
    a = client.post("/forgot-password", data={"email": "kjent@example.no"})
    b = client.post("/forgot-password", data={"email": "ukjent@example.no"})
    assert a.status_code == b.status_code == 200
    assert without_tokens(html(a)) == without_tokens(html(b))


def test_login_is_throttled(client, app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", "3 per minute")
    user = make_user()
    for _ in range(3):
        client.post("/login", data={"email": user.email, "password": "feil passord!"})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange forsøk" in html(response)


def test_logout_is_post_only(client, ctx):
    login(client, make_user())
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/profile").status_code == 302


def test_profile_edit(client, ctx, municipalities):
    user = make_user(email="liv@example.no")
    login(client, user)
    response = client.post(
        "/profile",
        data={
            "name": "Liv Li",
            "phone": "912 34 567",
            "email": "liv@example.no",
            "locale": "nn",
            "home_municipality": str(municipalities["oystre-slidre"].id),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.name, saved.phone, saved.locale) == ("Liv Li", "912 34 567", "nn")
    assert saved.home_municipality_id == municipalities["oystre-slidre"].id
    bad = client.post(
        "/profile",
        data={"name": "Liv", "phone": "tlf?", "email": "liv@example.no", "locale": "nn", "home_municipality": ""},
    )
    assert bad.status_code == 400 and "Skriv telefonnummeret med 8 siffer" in html(bad)


def test_profile_requires_login(client):
    response = client.get("/profile")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_export_and_erase_own_account(client, ctx):
    user = make_user(name="Berit Sletting")
    login(client, user)
    export = client.get("/profile/export")
    assert export.mimetype == "application/json" and export.get_json()["account"]["name"] == "Berit Sletting"
    client.post("/profile/erase")
    db.session.expire_all()
    assert db.session.get(User, user.id).name == ""
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 400


def test_reset_password_page(client, ctx):
    user = make_user()
    client.post("/forgot-password", data={"email": user.email})
    body = db.session.scalar(db.select(OutboxMessage)).body
    link = body.split("http://localhost", 1)[1].split()[0]
    mismatch = client.post(link, data={"password": "et nytt langt passord", "password_again": "noe annet her"})
    assert mismatch.status_code == 400
    assert (
        client.post(
            link, data={"password": "et nytt langt passord", "password_again": "et nytt langt passord"}
        ).status_code
        == 302
    )
    again = client.get(link)
    assert again.status_code == 400 and "Lenken er allerede brukt" in html(again)

"""Register, forgot-password and login under attack: they reveal no account, send no flood of mail,
and let nobody elsewhere lock the owner out."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import template_rendered
from sqlalchemy import event

from tests.factories import PASSWORD, make_user
from webapp.accounts import services
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage

REGISTER = {
    "name": "Ukjend",
    "password": "eit godt passord her",
    "password_again": "eit godt passord her",
    "locale": "nb",
    "home_municipality": "",
}
ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}


def html(response) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))


def messages_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == address)))


@contextmanager
def work_done(app):
    """What a request does: the templates it renders, and the statements it sends to the database
    (verb and table)."""
    done: list[str] = []

    def rendered(_app, template, context, **_extra):
        done.append(f"render {template.name}")

    def statement(_conn, _cursor, sql, *_args):
        words = sql.split()
        verb = words[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE", "SELECT"):
            table = next(
                (
                    w
                    for w in words[1:]
                    if re.fullmatch(r'"?[a-z_]+"?', w) and w.strip('"') not in ("into", "from", "or", "ignore")
                ),
                "",
            )
            done.append(f"{verb} {table.strip(chr(34))}")

    template_rendered.connect(rendered, app)
    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        yield done
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        template_rendered.disconnect(rendered, app)


# /register


def test_register_answers_and_works_the_same_for_a_taken_address(app, client, ctx, monkeypatch):
    """The attack: 30 ms for a known address, 850 ms for a new one (the password was hashed only
    for a new one)."""
    make_user(email="kjend@example.no")
    hashed: list[str] = []
    real_hash = services.hash_password
    monkeypatch.setattr(services, "hash_password", lambda password: hashed.append(password) or real_hash(password))

    taken = client.post("/register", data={**REGISTER, "email": "kjend@example.no"})
    assert hashed == [REGISTER["password"]]
    new = client.post("/register", data={**REGISTER, "email": "ny@example.no"})
    assert hashed == [REGISTER["password"]] * 2
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"] == "/register/sent"


def test_register_tells_the_owner_at_most_once_in_six_hours(client, clock, ctx):
    """The attack: 30 posts sent 30 e-mails to one victim."""
    owner = make_user(email="offer@example.no")
    for n in range(30):
        client.post(
            "/register", data={**REGISTER, "email": "offer@example.no"}, environ_base={"REMOTE_ADDR": f"203.0.113.{n}"}
        )
    assert len(messages_to(owner.email)) == 1
    clock.shift(timedelta(hours=5, minutes=59))
    client.post("/register", data={**REGISTER, "email": "offer@example.no"})
    assert len(messages_to(owner.email)) == 1
    clock.shift(timedelta(minutes=2))
    client.post("/register", data={**REGISTER, "email": "offer@example.no"})
    assert len(messages_to(owner.email)) == 2


def test_register_is_throttled_per_client(app, client, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTER_LIMIT", "3 per hour")
    for n in range(3):
        response = client.post("/register", data={**REGISTER, "email": f"person{n}@example.no"}, environ_base=ATTACKER)
        assert response.status_code == 302
    response = client.post("/register", data={**REGISTER, "email": "person9@example.no"}, environ_base=ATTACKER)
    assert response.status_code == 429 and "For mange forsøk" in html(response)
    assert (
        client.post("/register", data={**REGISTER, "email": "person9@example.no"}, environ_base=OWNER).status_code
        == 302
    )


def test_register_is_throttled_per_address(app, client, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTER_ADDRESS_LIMIT", "3 per hour")
    make_user(email="offer@example.no")
    for n in range(3):
        client.post(
            "/register", data={**REGISTER, "email": "offer@example.no"}, environ_base={"REMOTE_ADDR": f"203.0.113.{n}"}
        )
    response = client.post(
        "/register", data={**REGISTER, "email": "Offer@Example.no"}, environ_base={"REMOTE_ADDR": "203.0.113.77"}
    )
    assert response.status_code == 429
    assert len(messages_to("offer@example.no")) == 1


# /forgot-password


def test_forgot_password_does_the_same_work_for_an_unknown_address(app, client, ctx):
    """The attack: the answer came faster for an address without an account."""
    make_user(email="kjend@example.no")
    with work_done(app) as known:
        client.post("/forgot-password", data={"email": "kjend@example.no"})
    with work_done(app) as unknown:
        client.post("/forgot-password", data={"email": "ukjend@example.no"})
    assert "render emails/reset.txt" in known and "render emails/reset.txt" in unknown
    assert "INSERT address_notices" in unknown and "DELETE address_notices" in unknown
    # the one difference: the message itself, written in the same transaction
    assert [w for w in known if w != "INSERT outbox_messages"] == unknown
    assert len(messages_to("kjend@example.no")) == 1 and messages_to("ukjend@example.no") == []


def test_forgot_password_mails_an_address_at_most_once_a_minute(client, clock, ctx):
    user = make_user()
    for _ in range(5):
        client.post("/forgot-password", data={"email": user.email})
    assert len(messages_to(user.email)) == 1
    clock.shift(timedelta(minutes=1, seconds=1))
    client.post("/forgot-password", data={"email": user.email})
    assert len(messages_to(user.email)) == 2


# reset links


def reset_link(address: str) -> str:
    return messages_to(address)[-1].body.split("/reset-password/")[1].split()[0]


def test_a_reset_link_holds_no_part_of_the_password_hash(ctx):
    user = make_user()
    services.request_password_reset(user.email)
    token = reset_link(user.email)
    from webapp import tokens

    data = tokens.read_token(services.RESET, token, 3600)
    assert set(data) == {"id", "p"}
    secret = "".join(user.password_hash.split("$")[-2:])  # the salt and the hash
    assert not any(secret[i : i + 6] in str(data) or secret[i : i + 6] in token for i in range(len(secret) - 5))


def test_a_reset_link_is_void_once_the_password_changes(client, clock, ctx):
    user = make_user()
    links = []
    for _ in range(3):
        services.request_password_reset(user.email)
        links.append(reset_link(user.email))
        clock.shift(timedelta(minutes=2))
    assert len(set(links)) == 3
    services.reset_password(links[1], "eit heilt nytt passord her")  # one link used: the others are void
    for token in links:
        response = client.get(f"/reset-password/{token}")
        assert response.status_code == 400 and "Lenken er allerede brukt" in html(response)

    services.request_password_reset(user.email)
    link = reset_link(user.email)
    services.change_password(user, "eit heilt nytt passord her", "eit anna nytt passord her")
    assert client.get(f"/reset-password/{link}").status_code == 400


# /login


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(app, client, ctx, monkeypatch):
    """The attack: ten wrong passwords for an address locked its owner out for everyone."""
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", "3 per minute")
    owner = make_user(email="eigar@example.no")
    for _ in range(3):
        assert (
            client.post(
                "/login", data={"email": owner.email, "password": "feil passord!"}, environ_base=ATTACKER
            ).status_code
            == 400
        )
    attacker = client.post("/login", data={"email": owner.email, "password": PASSWORD}, environ_base=ATTACKER)
    assert attacker.status_code == 429
    assert (
        app.test_client()
        .post("/login", data={"email": owner.email, "password": PASSWORD}, environ_base=OWNER)
        .status_code
        == 302
    )


def test_one_client_trying_many_addresses_meets_the_looser_limit(app, client, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", "3 per minute")
    monkeypatch.setitem(app.config, "LOGIN_CLIENT_LIMIT", "6 per minute")
    for n in range(6):
        assert (
            client.post(
                "/login", data={"email": f"offer{n}@example.no", "password": "feil passord!"}, environ_base=ATTACKER
            ).status_code
            == 400
        )
    response = client.post(
        "/login", data={"email": "offer9@example.no", "password": "feil passord!"}, environ_base=ATTACKER
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    "path, data",
    [
        (
            "/profile/password",
            {
                "current_password": "feil passord!",
                "password": "eit nytt langt passord",
                "password_again": "eit nytt langt passord",
            },
        ),
        ("/profile/email", {"password": "feil passord!", "email": "ny@example.no"}),
    ],
)
def test_guessing_the_password_on_the_change_forms_is_throttled(app, client, ctx, monkeypatch, path, data):
    """A stolen session cookie must not become a way to guess the password without limit."""
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", "3 per minute")
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    for _ in range(3):
        assert client.post(path, data=data).status_code == 400
    assert client.post(path, data=data).status_code == 429

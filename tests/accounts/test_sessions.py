"""Sessions end when they should: on logout, a new password, a new address or erasure, everywhere
else too; and by themselves when left alone. A copied session cookie is no key to the account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import PASSWORD, login, make_user
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts import services
from webapp.accounts.models import Role, User
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage

NEW_PASSWORD = "ein heilt ny og lang setning"


def html(response) -> str:
    return response.get_data(as_text=True)


def copy_of(app, client):
    """Another browser holding a copy of this one's session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def logged_in(client) -> bool:
    return client.get("/profile").status_code == 200


def messages_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)
        )
    )


def link_in(message: OutboxMessage, path: str) -> str:
    return path + message.body.split(path, 1)[1].split()[0]


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_a_copied_cookie_opens_nothing_after_logout(app, client, municipalities):
    """The attack: the cookie copied before POST /logout still opened the decision page."""
    m = municipalities["oystre-slidre"]
    relative = make_user(roles=(Role.RELATIVE,), municipality=m)
    decision = make_decision(m, [make_respite_unit(m)], [relative])
    page = f"/oystre-slidre/respite/decisions/{decision.id}"
    login(client, relative)
    thief = copy_of(app, client)
    assert thief.get(page).status_code == 200 and "Olav Omsorg" in html(thief.get(page))

    client.post("/logout")

    response = thief.get(page)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Olav Omsorg" not in html(thief.get(page, follow_redirects=True))
    response = thief.post("/profile/email", data={"email": "tjuv@example.net", "password": ""})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert reload(relative).pending_email is None


def another_browser(app, user: User):
    """The same person logged in on another computer or phone."""
    other = app.test_client()
    login(other, user)
    return other


@pytest.mark.parametrize("path", ["/logout", "/profile/erase"])
def test_logout_and_erasure_end_every_session(app, client, ctx, path):
    user = make_user()
    login(client, user)
    phone = another_browser(app, user)
    client.post(path)
    assert not logged_in(client) and not logged_in(phone)


def test_changing_the_address_needs_the_current_password(client, ctx):
    user = make_user(email="eigar@example.no")
    login(client, user)
    for password, message in (("", "Skriv passordet ditt"), ("feil passord her", "Passordet er feil")):
        response = client.post("/profile/email", data={"email": "tjuv@example.net", "password": password})
        assert response.status_code == 400 and message in html(response)
        assert 'value="tjuv@example.net"' in html(response)  # what was typed is kept
    assert reload(user).pending_email is None
    assert messages_to("tjuv@example.net") == []


def test_changing_the_address_tells_the_old_one_and_ends_other_sessions(app, client, ctx):
    user = make_user(email="eigar@example.no", name="Eva Eigar")
    login(client, user)
    phone = another_browser(app, user)
    response = client.post("/profile/email", data={"email": "Ny@Example.no", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(client) and not logged_in(phone)
    assert reload(user).pending_email == "ny@example.no" and reload(user).email == "eigar@example.no"
    [told] = messages_to("eigar@example.no")
    assert "ny@example.no" in told.body and "/forgot-password" in told.body
    [confirm] = messages_to("ny@example.no")
    assert client.post(link_in(confirm, "/confirm/")).status_code == 302
    assert reload(user).email == "ny@example.no" and reload(user).pending_email is None


def test_only_the_latest_address_change_link_works(client, clock, ctx):
    user = make_user(email="eigar@example.no")
    login(client, user)
    client.post("/profile/email", data={"email": "skrivefeil@example.no", "password": PASSWORD})
    clock.shift(timedelta(minutes=2))
    client.post("/profile/email", data={"email": "rett@example.no", "password": PASSWORD})
    clock.shift(timedelta(minutes=2))
    client.post("/profile/email", data={"email": "rett@example.no", "password": PASSWORD})
    stale = link_in(messages_to("skrivefeil@example.no")[0], "/confirm/")
    older, latest = (link_in(m, "/confirm/") for m in messages_to("rett@example.no"))

    for link in (stale, older):
        response = client.post(link)
        assert response.status_code == 400 and "lenken virker ikke lenger" in html(response)
        assert reload(user).email == "eigar@example.no"
    assert client.post(latest).status_code == 302
    assert reload(user).email == "rett@example.no"


def test_a_password_reset_cancels_a_change_of_address(client, ctx):
    user = make_user(email="eigar@example.no")
    login(client, user)
    client.post("/profile/email", data={"email": "tjuv@example.net", "password": PASSWORD})
    services.request_password_reset("eigar@example.no")
    services.reset_password(
        link_in(messages_to("eigar@example.no")[-1], "/reset-password/").removeprefix("/reset-password/"), NEW_PASSWORD
    )
    response = client.post(link_in(messages_to("tjuv@example.net")[0], "/confirm/"))
    assert response.status_code == 400
    assert reload(user).email == "eigar@example.no"


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(app, client, ctx):
    user = make_user()
    login(client, user)
    phone = another_browser(app, user)
    new = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    wrong = client.post("/profile/password", data={**new, "current_password": "feil passord her"})
    assert wrong.status_code == 400 and "Passordet er feil" in html(wrong)
    assert logged_in(phone)

    response = client.post("/profile/password", data={**new, "current_password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(client) and not logged_in(phone)
    assert services.authenticate(reload(user).email, NEW_PASSWORD) is not None


def test_a_password_reset_ends_every_session(app, client, ctx):
    user = make_user()
    login(client, user)
    other = app.test_client()
    other.post("/forgot-password", data={"email": user.email})
    link = link_in(messages_to(user.email)[0], "/reset-password/")
    assert other.post(link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}).status_code == 302
    assert not logged_in(client)


def test_a_session_from_before_session_versions_has_ended(client, ctx):
    user = make_user()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # what a session cookie held before
        session["_fresh"] = True
    assert not logged_in(client)


@pytest.mark.parametrize(
    "roles, limit",
    [
        ((), timedelta(hours=4)),
        ((Role.VOLUNTEER_COORDINATOR,), timedelta(minutes=30)),
        ((Role.ADMINISTRATOR,), timedelta(minutes=30)),
    ],
)
def test_a_session_left_alone_ends(client, clock, municipalities, roles, limit):
    user = make_user(roles=roles, municipality=municipalities["oystre-slidre"])
    login(client, user)
    # Activity keeps it going: two steps just inside the limit.
    for _ in range(2):
        clock.shift(limit - timedelta(minutes=1))
        assert client.get("/oystre-slidre/").status_code == 200
        assert logged_in(client)
    clock.shift(limit + timedelta(minutes=1))
    response = client.get("/oystre-slidre/offers?q=bridge")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/oystre-slidre/offers?q%3Dbridge"
    page = client.get(response.headers["Location"])
    assert "Du vart logga ut fordi du ikkje hadde brukt tenesta på ei stund" in html(page)  # Øystre Slidre: nn
    assert "Du vart logga ut" not in html(client.get(response.headers["Location"]))  # said once
    back = client.post(response.headers["Location"], data={"email": user.email, "password": PASSWORD})
    assert back.headers["Location"] == "/oystre-slidre/offers?q=bridge"


def test_a_session_ends_twelve_hours_after_logging_in_however_busy(client, clock, ctx):
    user = make_user(locale="nb")
    login(client, user)
    for _ in range(3):
        clock.shift(timedelta(hours=3, minutes=55))
        assert logged_in(client)
    clock.shift(timedelta(minutes=20))
    response = client.get("/profile")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "blir du logget ut 12 timer etter at du logget inn" in html(page)


def test_a_form_sent_after_the_session_ended_is_not_acted_on(client, clock, municipalities):
    user = make_user(roles=(Role.EDITOR,), municipality=municipalities["oystre-slidre"], name="Før")
    login(client, user)
    clock.shift(timedelta(minutes=31))
    response = client.post(
        "/profile",
        data={"name": "Etter", "locale": "nb", "home_municipality": ""},
        headers={"Referer": "http://localhost/profile"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/profile"
    assert reload(user).name == "Før"


def test_the_workspace_refreshing_itself_does_not_keep_a_session_alive(client, clock, municipalities):
    m = municipalities["oystre-slidre"]
    user = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=m)
    login(client, user)
    assert client.get("/oystre-slidre/workspace").status_code == 200
    poll = {"HX-Request": "true", "HX-Current-URL": "http://localhost/oystre-slidre/workspace"}
    for _ in range(29):
        clock.shift(timedelta(minutes=1))
        assert client.get("/oystre-slidre/workspace/counts/volunteer_coordinator", headers=poll).status_code in (
            200,
            204,
        )
    clock.shift(timedelta(minutes=1, seconds=30))
    response = client.get("/oystre-slidre/workspace/counts/volunteer_coordinator", headers=poll)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=/oystre-slidre/workspace"
    assert not logged_in(client)


@pytest.mark.parametrize("locale, words", [("nb", ("30 minutter", "4 timer")), ("nn", ("30 minutt", "4 timar"))])
def test_the_login_page_says_how_long_a_session_lasts(client, ctx, locale, words):
    client.post("/language", data={"locale": locale})
    page = html(client.get("/login"))
    assert all(word in page for word in words)


def test_logging_out_after_a_while_still_ends_every_session(app, client, clock, ctx):
    user = make_user(roles=(Role.ADMINISTRATOR,))
    login(client, user)
    clock.shift(timedelta(minutes=20))
    phone = another_browser(app, user)
    clock.shift(timedelta(minutes=20))  # this browser has been left alone; the phone has not
    client.post("/logout")
    assert not logged_in(phone)


@pytest.mark.parametrize(
    "path, data, message",
    [
        ("/profile/email", {"email": "a" * 300 + "@example.no", "password": PASSWORD}, "E-postadressen er for lang"),
        ("/profile/email", {"email": "ikkje-ei-adresse", "password": PASSWORD}, "Skriv en gyldig e-postadresse"),
        ("/profile/email", {"email": "ny@example.no", "password": "x" * 5000}, "Passordet er feil"),
        ("/profile/email", {"email": "EIGAR@example.no", "password": PASSWORD}, "Dette er adressen du har nå"),
        (
            "/profile/password",
            {"current_password": PASSWORD, "password": "x" * 5000, "password_again": "x" * 5000},
            "Passordet kan ha høyst 128 tegn",
        ),
        (
            "/profile/password",
            {"current_password": PASSWORD, "password": "passord123", "password_again": "passord123"},
            "for vanlig",
        ),
        (
            "/profile/password",
            {"current_password": PASSWORD, "password": "eit langt nytt passord", "password_again": "noko anna"},
            "De to passordene er ikke like",
        ),
    ],
)
def test_bad_input_on_the_change_forms_is_a_clear_4xx(client, ctx, path, data, message):
    user = make_user(email="eigar@example.no", locale="nb")
    login(client, user)
    response = client.post(path, data=data)
    assert response.status_code == 400 and message in html(response)
    assert "ds-error-summary" in html(response)
    assert reload(user).pending_email is None and services.authenticate(user.email, PASSWORD)

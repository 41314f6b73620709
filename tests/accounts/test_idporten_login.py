"""Logging in with ID-porten through the app, against a real provider configured like ID-porten:
the button, the callback and its error pages, who the person is (only a keyed hash of the identity
number is kept), linking an account that logs in with a password, and logging out at both ends."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, text

from tests.factories import login, make_user
from tests.idporten_support import CLIENT, PID_SECRET, SECRET, PersonAtProvider, running_provider
from webapp import observability
from webapp.accounts import idporten
from webapp.accounts.models import IdportenSession, Role, User
from webapp.extensions import db

OURS = "http://localhost/"
PID = "24079409630"
OTHER_PID = "03056637820"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with running_provider(OURS + "idporten/callback", OURS + "idporten/logged-out") as url:
        yield url


@pytest.fixture
def configured(app: Any, issuer: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setitem(app.config, "IDPORTEN_ISSUER", issuer)
    monkeypatch.setitem(app.config, "IDPORTEN_CLIENT_ID", CLIENT)
    monkeypatch.setitem(app.config, "IDPORTEN_CLIENT_SECRET", SECRET)
    monkeypatch.setitem(app.config, "IDPORTEN_PID_SECRET", PID_SECRET)
    return app


def back_from_provider(client: Any, person: PersonAtProvider, pid: str, level: str, start: str = "/idporten/login"):
    """Starts at `start`, logs in at the provider, and hands the provider's answer to the app."""
    response = client.get(start)
    assert response.status_code == 302
    assert PID not in response.location
    back = urlsplit(person.log_in(response.location, pid, level))
    return client.get(f"{back.path}?{back.query}")


def test_no_button_without_a_provider(client: Any) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert "/idporten/login" not in page
    assert client.get("/idporten/login").status_code == 404


def test_the_login_page_offers_id_porten_and_keeps_where_the_person_was_going(configured: Any, client: Any) -> None:
    page = client.get("/login?next=/my-pages").get_data(as_text=True)
    assert 'href="/idporten/login?next=/my-pages"' in page
    start = client.get("/idporten/login?next=/my-pages")
    query = parse_qs(urlsplit(start.location).query)
    assert query["acr_values"] == [idporten.SUBSTANTIAL]
    assert query["redirect_uri"] == [OURS + "idporten/callback"]
    assert query["code_challenge_method"] == ["S256"]


def test_first_login_creates_the_account_asks_how_to_reach_the_person_and_keeps_only_a_hash(
    configured: Any, client: Any, ctx: Any
) -> None:
    answer = back_from_provider(
        client, PersonAtProvider(OURS), PID, idporten.SUBSTANTIAL, "/idporten/login?next=/my-pages"
    )
    assert answer.status_code == 302 and answer.location == "/idporten/contact"
    user = db.session.scalar(select(User).where(User.pid_hash.is_not(None)))
    assert user is not None and user.email is None
    assert user.pid_hash == idporten.pid_hash(PID, PID_SECRET)

    empty = client.post("/idporten/contact", data={"name": "Kari Nordmann", "email": "", "phone": ""})
    assert empty.status_code == 400
    assert "Kari Nordmann" in empty.get_data(as_text=True)  # what was typed is kept
    saved = client.post("/idporten/contact", data={"name": "Kari Nordmann", "email": "", "phone": "912 34 567"})
    assert saved.status_code == 302 and saved.location == "/my-pages"
    assert client.get("/my-pages").status_code == 200

    # Next time the same person is recognised and not asked again.
    again = back_from_provider(app_client(configured), PersonAtProvider(OURS), PID, idporten.SUBSTANTIAL)
    assert again.status_code == 302 and again.location == "/my-pages"
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def app_client(app: Any) -> Any:
    return app.test_client()


def test_a_person_with_an_e_mail_account_links_it_after_logging_in_with_the_password(
    configured: Any, client: Any, ctx: Any
) -> None:
    user = make_user()
    login(client, user)
    assert "/idporten/login?next=/profile" in client.get("/profile").get_data(as_text=True)
    linked = back_from_provider(
        client, PersonAtProvider(OURS), PID, idporten.SUBSTANTIAL, "/idporten/login?next=/profile"
    )
    assert linked.status_code == 302 and linked.location == "/profile"
    db.session.refresh(user)
    assert user.pid_hash == idporten.pid_hash(PID, PID_SECRET)

    # From then on ID-porten alone logs in to that account, with nothing more to fill in.
    other = app_client(configured)
    answer = back_from_provider(other, PersonAtProvider(OURS), PID, idporten.SUBSTANTIAL)
    assert answer.status_code == 302 and answer.location == "/my-pages"
    assert user.name in other.get("/profile").get_data(as_text=True)

    # Another person's ID-porten login cannot be linked to the same account.
    refused = back_from_provider(client, PersonAtProvider(OURS), OTHER_PID, idporten.SUBSTANTIAL)
    assert refused.status_code == 400
    db.session.refresh(user)
    assert user.pid_hash == idporten.pid_hash(PID, PID_SECRET)


def test_cancelled_at_the_provider(configured: Any, client: Any) -> None:
    client.get("/idporten/login")
    answer = client.get("/idporten/callback?error=access_denied&state=whatever")
    assert answer.status_code == 400
    assert 'data-kind="cancelled"' in answer.get_data(as_text=True)
    assert client.get("/my-pages").status_code == 302  # not logged in


def test_a_state_that_is_not_ours_is_refused(configured: Any, client: Any, ctx: Any) -> None:
    response = client.get("/idporten/login")
    back = urlsplit(PersonAtProvider(OURS).log_in(response.location, PID, idporten.SUBSTANTIAL))
    code = parse_qs(back.query)["code"][0]
    answer = client.get(f"/idporten/callback?code={code}&state=forged")
    assert answer.status_code == 400
    assert 'data-kind="state"' in answer.get_data(as_text=True)
    # An answer that arrives without a login started in this browser is refused the same way.
    stranger = app_client(configured).get(f"{back.path}?{back.query}")
    assert stranger.status_code == 400 and 'data-kind="state"' in stranger.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 0


def test_a_code_used_twice_gives_no_login(configured: Any, client: Any, ctx: Any) -> None:
    response = client.get("/idporten/login")
    with client.session_transaction() as session:
        start = dict(session["_idporten_start"])
    back = urlsplit(PersonAtProvider(OURS).log_in(response.location, PID, idporten.SUBSTANTIAL))
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    thief = app_client(configured)
    with thief.session_transaction() as session:  # even with the state and verifier of that login
        session["_idporten_start"] = start
    replay = thief.get(f"{back.path}?{back.query}")
    assert replay.status_code == 400
    assert 'data-kind="token"' in replay.get_data(as_text=True)


def test_the_session_starts_as_a_password_login_does(configured: Any, client: Any, ctx: Any) -> None:
    back_from_provider(client, PersonAtProvider(OURS), PID, idporten.SUBSTANTIAL)
    client.post("/idporten/contact", data={"name": "Kari", "email": "kari@example.no", "phone": ""})
    assert client.get("/my-pages").status_code == 200
    with client.session_transaction() as session:
        assert {"_seen", "_started"} <= set(session)
        assert PID not in repr(dict(session))  # the ID token is kept encrypted
    user = db.session.scalar(select(User))
    user.session_version += 1  # as logging out elsewhere does
    db.session.commit()
    assert client.get("/my-pages").status_code == 302


def test_the_identity_number_is_never_in_logs_pages_or_tables(
    configured: Any, client: Any, ctx: Any, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    configured.config["REQUEST_LOG"] = True
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    loggers = [logging.getLogger(), logging.getLogger(observability.LOGGER_NAME)]
    # Another test's logging.config may have switched loggers off or down: hear everything here.
    saved = [(logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    try:
        caplog.set_level(logging.DEBUG)
        pages = []
        person = PersonAtProvider(OURS)
        response = client.get("/idporten/login?next=/my-pages")
        pages.append(response.location)
        back = urlsplit(person.log_in(response.location, PID, idporten.HIGH))
        pages.append(f"{back.path}?{back.query}")
        answer = client.get(f"{back.path}?{back.query}")
        for path in ("/idporten/contact", "/my-pages", "/profile", "/profile/export", "/login", "/"):
            pages.append(client.get(path).get_data(as_text=True))
        client.post("/idporten/contact", data={"name": "Kari", "email": "", "phone": "91234567"})
        for path in ("/my-pages", "/profile", "/profile/export"):
            pages.append(client.get(path, follow_redirects=True).get_data(as_text=True))
        pages.append(answer.get_data(as_text=True))
        logout = client.post("/logout")
        pages.append(logout.location)
    finally:
        configured.config["REQUEST_LOG"] = False
        for logger, (level, disabled) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.disabled = disabled
    out, err = capfd.readouterr()
    logs = caplog.text + out + err + written.getvalue()
    assert '"route":"/idporten/callback"' in written.getvalue()  # the logs were captured
    assert PID not in logs
    for page in pages:
        assert PID not in page
    dump = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            dump += [repr(row) for row in connection.execute(select(table))]
    assert any(idporten.pid_hash(PID, PID_SECRET) in row for row in dump)
    assert not [row for row in dump if PID in row]


def test_logging_out_ends_the_session_at_id_porten_too(configured: Any, client: Any, ctx: Any, issuer: str) -> None:
    person = PersonAtProvider(OURS)
    back_from_provider(client, person, PID, idporten.SUBSTANTIAL)
    # While the provider's session lives, a new login there goes straight back to us.
    again = person.open(client.get("/idporten/login").location)
    assert again.startswith(OURS + "idporten/callback?")

    out = client.post("/logout")
    assert out.status_code == 302
    end = urlsplit(out.location)
    assert f"{end.scheme}://{end.netloc}" == issuer and end.path == "/session/end"
    query = parse_qs(end.query)
    assert query["post_logout_redirect_uri"] == [OURS + "idporten/logged-out"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/my-pages").status_code == 302  # ours has ended

    confirm = person.open(out.location)  # the provider asks to confirm, as ID-porten's own page does
    form = confirm.split("\n", 1)[1]
    xsrf = form.split('name="xsrf" value="', 1)[1].split('"', 1)[0]
    action = form.split('action="', 1)[1].split('"', 1)[0]
    landed = person.open(issuer + action if action.startswith("/") else action, {"xsrf": xsrf, "logout": "yes"})
    assert landed.startswith(OURS + "idporten/logged-out")
    assert client.get(urlsplit(landed).path).status_code == 302

    # The provider's session has ended: a new login asks for the person again.
    fresh = person.open(client.get("/idporten/login").location)
    assert fresh.startswith("PAGE ") and "Fødselsnummer" in fresh


def test_front_channel_logout_from_the_provider_ends_our_session(
    configured: Any, client: Any, ctx: Any, issuer: str
) -> None:
    back_from_provider(client, PersonAtProvider(OURS), PID, idporten.SUBSTANTIAL)
    client.post("/idporten/contact", data={"name": "Kari", "email": "", "phone": "91234567"})
    sid = db.session.scalar(select(IdportenSession.sid))
    assert sid
    frame = app_client(configured)  # the provider's hidden frame carries none of our cookies
    assert frame.get(f"/idporten/front-channel-logout?iss=https://evil.example&sid={sid}").status_code == 400
    assert client.get("/my-pages").status_code == 200
    assert frame.get("/idporten/front-channel-logout?iss=" + issuer + "&sid=unknown").status_code == 400
    assert client.get("/my-pages").status_code == 200
    ended = frame.get(f"/idporten/front-channel-logout?iss={issuer}&sid={sid}")
    assert ended.status_code == 200
    assert client.get("/my-pages").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(text("SELECT count(*) FROM idporten_sessions")) == 0


def test_a_relative_at_substantial_steps_up_to_high_for_respite(configured: Any, client: Any, ctx: Any) -> None:
    from tests.factories import make_municipality
    from tests.respite.conftest import make_decision, make_respite_unit

    municipality = make_municipality()
    person = make_user(pid_hash=idporten.pid_hash(PID, PID_SECRET), roles=(Role.RELATIVE,), municipality=municipality)
    make_decision(municipality, [make_respite_unit(municipality)], [person])
    at_provider = PersonAtProvider(OURS)
    assert back_from_provider(client, at_provider, PID, idporten.SUBSTANTIAL).status_code == 302

    page = f"/{municipality.slug}/respite"
    step_up = client.get(page)
    assert urlsplit(step_up.location).path == "/idporten/step-up"
    start = client.get(f"/idporten/login?next={page}&for=respite")
    assert parse_qs(urlsplit(start.location).query)["acr_values"] == [idporten.HIGH]

    # Logging in at substantial again is not enough, and the page says so.
    too_low = urlsplit(PersonAtProvider(OURS).log_in(start.location, PID, idporten.SUBSTANTIAL))
    refused = client.get(f"{too_low.path}?{too_low.query}")
    assert refused.status_code == 400 and 'data-kind="level"' in refused.get_data(as_text=True)

    start = client.get(f"/idporten/login?next={page}&for=respite")
    back = urlsplit(PersonAtProvider(OURS).log_in(start.location, PID, idporten.HIGH))
    answer = client.get(f"{back.path}?{back.query}")
    assert answer.status_code == 302 and answer.location == page
    assert client.get(page).status_code == 200

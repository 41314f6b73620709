"""Messages the outbox gave up on: administrators see them (recipient masked, never the body) and
send them again or delete them; nobody else reaches the page (issue 11, high 3)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, login, make_user
from webapp.accounts.models import Role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications import dead, services
from webapp.notifications.models import OutboxMessage

PAGE = "/admin/messages"


def _dead(recipient="kari.nordmann@example.no", channel="email", error=None) -> OutboxMessage:
    subject = "Frode Frivillig har slutta som frivillig" if channel == "email" else ""
    message = OutboxMessage(
        channel=channel,
        recipient=recipient,
        subject=subject,
        body="Hei!\nAvbestill her: http://127.0.0.1:5000/offers/cancel/hemmeleg-lenkje\n",
        attempts=30,
        last_error=error or f"SMTPRecipientsRefused: {{'{recipient}': (550, b'No such user')}}",
        dead_at=utcnow() - timedelta(hours=1),
    )
    db.session.add(message)
    db.session.commit()
    return message


@pytest.fixture
def admin(municipalities):
    return make_user(roles=(Role.ADMINISTRATOR,), locale="nn")


def test_the_administrator_sees_what_failed_with_the_recipient_masked(client, admin):
    email = _dead()
    sms = _dead("+4791234567", "sms", "SmsError: gateway answered 400")
    login(client, admin)
    response = client.get(PAGE)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "Meldingar som ikkje kunne sendast" in html and "2 meldingar" in html
    assert "k•••@example.no" in html and "+47•••567" in html
    assert "Frode Frivillig har slutta som frivillig" in html
    assert "SMTPRecipientsRefused: {&#39;k•••@example.no&#39;: (550, b&#39;No such user&#39;)}" in html
    assert "SmsError: gateway answered 400" in html
    assert "kari.nordmann" not in html and "91234567" not in html and "hemmeleg-lenkje" not in html
    assert f"/admin/messages/{email.id}/retry" in html and f"/admin/messages/{sms.id}/discard" in html
    assert "Send på nytt til k•••@example.no" in html


def test_the_workspace_start_page_tells_the_administrator(client, admin, municipalities):
    _dead()
    login(client, admin)
    html = client.get("/oystre-slidre/workspace").get_data(as_text=True)
    assert "1 melding kunne ikkje sendast" in html and 'href="/admin/messages"' in html


def test_sent_again_it_goes_out_with_the_next_run(client, admin, smtp):
    message = _dead("kari@example.no", error="ConnectionRefusedError: [Errno 111] Connection refused")
    login(client, admin)
    response = client.post(f"{PAGE}/{message.id}/retry", follow_redirects=True)
    assert "Meldinga er tilbake i køen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert dead.dead_count() == 0 and services.pending_count() == 1
    assert services.send_due().sent == 1
    assert smtp.wait_for("kari@example.no")[0]["Subject"] == "Frode Frivillig har slutta som frivillig"


def test_send_all_again(client, admin):
    _dead("a@example.no"), _dead("b@example.no")
    login(client, admin)
    response = client.post(f"{PAGE}/retry-all", follow_redirects=True)
    assert "2 meldingar er tilbake i køen." in response.get_data(as_text=True)
    assert dead.dead_count() == 0 and services.pending_count() == 2


def test_deleted_it_is_gone_body_and_all(client, admin):
    message = _dead()
    login(client, admin)
    response = client.post(f"{PAGE}/{message.id}/discard", follow_redirects=True)
    assert "Meldinga er sletta." in response.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMessage)) is None
    again = client.post(f"{PAGE}/{message.id}/discard", follow_redirects=True)  # a second tab
    assert "ikkje mellom dei som ikkje kunne sendast" in again.get_data(as_text=True)


def test_only_a_message_that_is_dead_can_be_sent_again_or_deleted(client, admin):
    waiting = services.queue_email("kari@example.no", "reset", "nb", user=admin, link="http://x")
    db.session.commit()
    login(client, admin)
    for action in ("retry", "discard"):
        client.post(f"{PAGE}/{waiting.id}/{action}")
    db.session.expire_all()
    assert db.session.get(OutboxMessage, waiting.id).attempts == 0


@pytest.mark.parametrize(
    "method, path",
    [("GET", PAGE), ("POST", PAGE + "/{id}/retry"), ("POST", PAGE + "/{id}/discard"), ("POST", PAGE + "/retry-all")],
)
def test_nobody_else_reaches_the_page(client, municipalities, method, path):
    path = path.format(id=_dead().id)
    response = client.open(path, method=method)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    oystre = municipalities["oystre-slidre"]
    others = [make_user(roles=(Role.CITIZEN,))]
    others += [
        make_user(roles=(role,), municipality=oystre)
        for role in (Role.VOLUNTEER_COORDINATOR, Role.ALLOCATION_OFFICER, Role.EDITOR, Role.UNIT_STAFF)
    ]
    others.append(make_user(roles=((Role.ADMINISTRATOR, oystre),)))  # one municipality's only
    for user in others:
        login(client, user)
        assert client.open(path, method=method).status_code == 403, user.grants[0].role
        client.post("/logout")
    assert dead.dead_count() == 1


def test_the_page_refuses_a_post_without_its_token(csrf_app, admin):
    message = _dead()
    client = csrf_app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    logged_in = client.post("/login", data={"email": admin.email, "password": PASSWORD, "csrf_token": token})
    assert logged_in.status_code == 302
    assert client.post(f"{PAGE}/{message.id}/discard").status_code == 400
    assert dead.dead_count() == 1

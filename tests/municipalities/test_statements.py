"""The accessibility statement, its feedback form, the privacy statement and the page for
developers: per municipality, in both standards, linked from every page's footer."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.factories import make_municipality
from tests.mail import body
from webapp.extensions import db
from webapp.municipalities import statements
from webapp.notifications.models import OutboxMessage
from webapp.notifications.services import send_due

FEEDBACK = {"message": "Knappen «Meld deg på» er for liten.", "page": "/oystre-slidre/offers", "name": "Kari Nordmann"}


def _html(response) -> str:
    return response.get_data(as_text=True)


def _post(client, slug: str = "oystre-slidre", ip: str = "10.0.0.1", **data):
    return client.post(f"/{slug}/accessibility", data=data, environ_base={"REMOTE_ADDR": ip})


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("oystre-slidre", ["Tilgjengelegheitserklæring", "Dette fungerer ikkje enno", "Tilsynet for universell"]),
        ("vestre-toten", ["Tilgjengelighetserklæring", "Dette fungerer ikke ennå", "Tilsynet for universell"]),
    ],
)
def test_the_statement_follows_the_template_in_the_municipalitys_standard(client, municipalities, slug, words):
    html = _html(client.get(f"/{slug}/accessibility"))
    for word in words:
        assert word in html
    # status, deviations with their success criterion, testing, feedback, complaint, date
    assert html.count('<h2 class="ds-heading" data-size="sm"') == 6
    for deviation in statements.DEVIATIONS:
        assert f'<span lang="en">{deviation.criterion}</span>' in html
    assert ("så langt vi" in html) == (not statements.DEVIATIONS)  # the status follows the list
    assert statements.SUPERVISORY_AUTHORITY_URL in html
    assert "1. desember 2026" in html
    assert 'name="message"' in html and "postmottak@" in html


def test_every_page_links_both_statements_from_its_footer(client, municipalities):
    for path in ("/oystre-slidre/", "/oystre-slidre/offers", "/login"):
        footer = _html(client.get(path)).split('<footer class="site-footer">')[1]
        assert 'href="/oystre-slidre/accessibility"' in footer
        assert 'href="/oystre-slidre/privacy"' in footer
    fresh = _html(client.__class__(client.application).get("/"))
    footer = fresh.split('<footer class="site-footer">')[1]
    assert 'href="/accessibility"' in footer and 'href="/privacy"' in footer


def test_open_data_is_for_developers_not_in_the_citizen_footer(client, municipalities):
    footer = _html(client.get("/oystre-slidre/")).split('<footer class="site-footer">')[1]
    assert "/api/" not in footer
    statement = _html(client.get("/oystre-slidre/accessibility"))
    assert 'href="/developers"' in statement
    developers = _html(client.get("/developers"))
    assert 'href="/api/services"' in developers and 'href="/api/openapi.json"' in developers
    assert '<link rel="service-desc" type="application/json" href="/api/openapi.json">' in developers


def test_the_general_statement_lets_you_choose_a_municipality(client, municipalities):
    html = _html(client.get("/accessibility"))
    assert 'href="/oystre-slidre/accessibility#feedback"' in html
    assert 'name="message"' not in html


def test_feedback_reaches_the_municipalitys_contact_through_the_outbox(client, municipalities, smtp):
    response = _post(client, email="kari@example.no", **FEEDBACK)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/oystre-slidre/accessibility#feedback")
    assert "Tilbakemeldinga di er send til Øystre Slidre kommune" in _html(client.get(response.headers["Location"]))
    assert send_due().sent == 1
    (message,) = smtp.wait_for("postmottak@oystre-slidre.kommune.no")
    assert "Tilbakemelding om tilgjengelegheit" in message["Subject"]
    text = body(message)
    for value in (*FEEDBACK.values(), "kari@example.no", "http://localhost/oystre-slidre/accessibility"):
        assert value in text


def test_feedback_without_a_message_is_refused_and_keeps_what_was_typed(client, municipalities):
    response = _post(client, message="  ", page="/x", name="Kari Nordmann", email="ikkje-ei-adresse")
    assert response.status_code == 400
    html = _html(response)
    assert "ds-error-summary" in html
    assert 'href="#message">Skriv kva som ikkje fungerte, eller kva du treng.' in html
    assert 'href="#email">' in html
    assert 'value="Kari Nordmann"' in html and 'value="ikkje-ei-adresse"' in html
    assert db.session.scalar(select(OutboxMessage)) is None


@pytest.mark.parametrize(
    "data",
    [
        {"message": "x" * 2001},
        {"message": "hei", "name": "Kari\r\nBcc: a@b.no"},
        {"message": "hei", "name": "https://phish.example"},
        {"message": "hei", "page": "p" * 301},
        {"message": "hei\x00"},
        {"message": "hei", "email": "a@" + "b" * 260 + ".no"},
    ],
)
def test_bad_input_gets_a_message_not_a_500(client, municipalities, data):
    response = _post(client, **data)
    assert response.status_code == 400
    assert re.search(r'<p class="ds-validation-message"[^>]*>[^<]+</p>', _html(response))
    assert db.session.scalar(select(OutboxMessage)) is None


def test_feedback_needs_the_csrf_token(csrf_app, municipalities):
    response = _post(csrf_app.test_client(), **FEEDBACK)
    assert response.status_code == 400
    assert db.session.scalar(select(OutboxMessage)) is None


def test_feedback_is_rate_limited_per_client(app, client, municipalities, monkeypatch):
    monkeypatch.setitem(app.config, "ACCESSIBILITY_FEEDBACK_LIMIT", "2 per hour")
    codes = [_post(client, **FEEDBACK).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert _post(client, ip="10.0.0.2", **FEEDBACK).status_code == 302
    assert client.get("/oystre-slidre/accessibility").status_code == 200


def test_a_municipality_without_an_address_shows_no_form(client, ctx):
    municipality = make_municipality(contact_email="", contact_phone="61 00 00 00")
    html = _html(client.get(f"/{municipality.slug}/accessibility"))
    assert 'name="message"' not in html and "61 00 00 00" in html
    assert _post(client, municipality.slug, **FEEDBACK).status_code == 404


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("oystre-slidre", ["Personvernerklæring", "Kven som les opplysningar om avlasting", "minst ti år"]),
        ("vestre-toten", ["Personvernerklæring", "Hvem som leser opplysninger om avlastning", "minst ti år"]),
    ],
)
def test_the_privacy_statement_says_what_why_how_long_and_who_reads(client, municipalities, slug, words):
    html = _html(client.get(f"/{slug}/privacy"))
    for word in words:
        assert word in html
    assert "pasientjournalforskrift" in html and "Datatilsynet" in html
    assert f'href="/{slug}/respite/who-has-looked"' in html


def test_the_privacy_statement_uses_the_read_log_setting(app, client, municipalities, monkeypatch):
    from webapp.respite.privacy import RETENTION_YEARS

    assert RETENTION_YEARS == 10  # the "ten years" the statement names
    monkeypatch.setitem(app.config, "READ_LOG_RETENTION_YEARS", 12)
    assert "blir lagra i 12 år frå kvar lesing" in _html(client.get("/oystre-slidre/privacy"))
    assert "lagres i 12 år fra hver lesing" in _html(client.get("/vestre-toten/privacy"))
    assert 'href="/oystre-slidre/privacy"' in _html(client.get("/privacy"))

"""The pages for messages to a group: who may use them, the preview, the receipt and the log, and
that nothing of another municipality can be reached through them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.factories import login, make_user
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.messaging.models import GroupMessage
from webapp.notifications.models import OutboxMessage

NEW = "/oystre-slidre/messages/new"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def send(client, group: str, action: str = "send", **fields):
    data = {"group": group, "subject": "Julebord", "body_nb": "Velkommen!", "body_nn": "Velkomen!", "action": action}
    data.update(fields)
    return client.post(NEW, data=data)


@pytest.mark.parametrize(
    "path", ["/oystre-slidre/messages", "/oystre-slidre/messages/new", "/oystre-slidre/messages/1"]
)
def test_only_coordinators_and_editors_of_the_municipality(client, oystre, toten, path):
    assert client.get(path).status_code == 302  # to the login page
    for roles in ((Role.CITIZEN,), (Role.VOLUNTEER,), ((Role.VOLUNTEER_COORDINATOR, toten),), ((Role.EDITOR, toten),)):
        person = make_user(roles=roles, municipality=oystre)
        login(client, person)
        assert client.get(path).status_code == 403, roles
        client.post("/logout")
    assert client.post(NEW, data={}).status_code in (302, 403)


def test_a_coordinator_previews_sends_and_finds_it_in_the_log(client, oystre, escorts, coordinator):
    login(client, coordinator)
    page = client.get(NEW + "?group=role:escort")
    assert page.status_code == 200
    assert '<option selected value="role:escort">' in text(page)
    preview = send(client, "role:escort", action="preview")
    assert preview.status_code == 200
    assert "2 får e-post, 1 får SMS, 1 kan ikkje nåast." in text(preview)
    assert db.session.scalar(select(OutboxMessage)) is None  # a preview sends nothing
    sent = send(client, "role:escort")
    assert sent.status_code == 302
    message = db.session.scalar(select(GroupMessage))
    assert sent.headers["Location"].endswith(f"/oystre-slidre/messages/{message.id}")
    receipt = client.get(sent.headers["Location"])
    assert "Meldinga er på veg til 2 personar." in text(receipt)
    assert 'data-channel="both"' in text(receipt) and 'data-channel="none"' in text(receipt)
    assert "Sigrid Sæter" in text(receipt) and "Per Besøk" not in text(receipt)
    log = client.get("/oystre-slidre/messages")
    assert f"/oystre-slidre/messages/{message.id}" in text(log) and "2 av 3" in text(log)
    assert len(list(db.session.scalars(select(OutboxMessage)))) == 3


def test_a_missing_standard_is_warned_about_first(client, oystre, escorts, coordinator):
    login(client, coordinator)
    preview = send(client, "role:escort", action="preview", body_nn="")
    assert "Det er ingen tekst på nynorsk." in text(preview) and 'id="preview-missing"' in text(preview)


def test_bad_input_keeps_what_was_typed_and_names_the_question(client, oystre, escorts, coordinator):
    login(client, coordinator)
    response = send(client, "role:escort", subject="", body_nb="", body_nn="", action="preview")
    assert response.status_code == 422
    page = text(response)
    assert "Skriv eit emne for meldinga." in page and "Skriv meldinga på bokmål eller nynorsk." in page
    response = send(client, "role:escort", subject="x" * 500, body_nb="Hei\x01")
    assert response.status_code == 422 and "x" * 500 in text(response)
    for group in ("role:nope", "offer:abc", "offer:99999999999999999999", "", "week:1"):
        assert send(client, group).status_code == 422
    assert db.session.scalar(select(GroupMessage)) is None


def test_an_editor_writes_only_to_the_offers_groups(client, oystre, escorts, offer_groups, editor, coordinator):
    offer = offer_groups["offer"]
    login(client, editor)
    page = text(client.get(NEW))
    assert f'value="offer:{offer.id}"' in page and f'value="waiting:{offer.id}"' in page
    assert "role:escort" not in page and 'value="week"' not in page
    assert send(client, "role:escort").status_code == 422
    assert send(client, f"offer:{offer_groups['other'].id}").status_code == 422  # another municipality's offer
    sent = send(client, f"offer:{offer.id}")
    assert sent.status_code == 302
    client.post("/logout")
    login(client, coordinator)
    send(client, "role:escort")
    to_role = db.session.scalar(select(GroupMessage).where(GroupMessage.group_kind == "role"))
    client.post("/logout")
    login(client, editor)
    assert client.get(f"/oystre-slidre/messages/{to_role.id}").status_code == 404
    log = text(client.get("/oystre-slidre/messages"))
    assert "Trim for eldre" in log and f"/messages/{to_role.id}" not in log


def test_no_message_of_another_municipality(client, oystre, toten, escorts, coordinator):
    boss = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten)
    login(client, boss)
    client.post(
        "/vestre-toten/messages/new",
        data={"group": "role:escort", "subject": "Hei", "body_nb": "Hei", "action": "send"},
    )
    theirs = db.session.scalar(select(GroupMessage))
    assert theirs.municipality_id == toten.id and [r.name for r in theirs.recipients] == ["Tone Toten"]
    client.post("/logout")
    login(client, coordinator)
    assert client.get(f"/oystre-slidre/messages/{theirs.id}").status_code == 404
    assert client.get(f"/vestre-toten/messages/{theirs.id}").status_code == 403
    assert "Hei" not in text(client.get("/oystre-slidre/messages"))


def test_the_pages_are_linked_for_coordinators_and_editors(client, oystre, coordinator, editor):
    login(client, coordinator)
    assert "/oystre-slidre/messages" in text(client.get("/oystre-slidre/volunteer/coordinator"))
    client.post("/logout")
    login(client, editor)
    assert "/oystre-slidre/messages/new" in text(client.get("/oystre-slidre/offers/manage"))


def test_the_group_is_named_in_the_readers_standard(client, oystre, escorts, coordinator):
    login(client, coordinator)
    location = send(client, "role:escort").headers["Location"]
    assert "Frivillige i ei rolle: Følgjeteneste" in text(client.get(location))
    client.post("/language", data={"locale": "nb", "next": location})
    assert "Frivillige i en rolle: Følgetjeneste" in text(client.get(location))
    assert "Frivillige i en rolle: Følgetjeneste" in text(client.get("/oystre-slidre/messages"))

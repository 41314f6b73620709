"""People signed up are told when a session is cancelled or when the time or place changes."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select

from tests.factories import login, make_user
from tests.offers.conftest import make_location, make_offer
from tests.offers.test_views import _form
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.offers import changes, signups
from webapp.offers.models import Offer, SignUp


def mails_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id))
    )


@pytest.fixture
def group(ctx, municipalities):
    """Weekly on Tuesdays: Kari has the series (nynorsk), Per the next session only (bokmål),
    Ola the session after."""
    offer = make_offer(
        municipalities["oystre-slidre"],
        join_mode="sign_up",
        capacity=10,
        location=make_location(municipalities["oystre-slidre"], name="Heggenes"),
    )
    first, second = changes.coming_sessions(offer, 2)
    kari = signups.sign_up(offer.id, signups.Person("Kari", "", "kari@example.no", locale="nn"))
    per = signups.sign_up(offer.id, signups.Person("Per", "", "per@example.no", locale="nb"), first.starts_at)
    ola = signups.sign_up(offer.id, signups.Person("Ola", "", "ola@example.no"), second.starts_at)
    return offer, first, kari, per, ola


def test_cancelling_a_session_tells_everyone_who_would_have_come(group):
    offer, first, kari, per, ola = group
    told = changes.cancel_session(offer, first.starts_at.isoformat(), "Salen er oppteken.")
    assert told == 2
    db.session.expire_all()
    assert db.session.get(SignUp, per.id).status == "cancelled"
    assert db.session.get(SignUp, kari.id).status == "confirmed"  # the series goes on
    assert db.session.get(SignUp, ola.id).status == "confirmed"
    assert mails_to("ola@example.no")[-1].subject.startswith("Du er")  # only the sign-up mail
    kari_mail, per_mail = mails_to("kari@example.no")[-1], mails_to("per@example.no")[-1]
    assert "er avlyst" in kari_mail.body and "Salen er oppteken." in kari_mail.body
    assert kari_mail.subject.startswith("Avlyst") and per_mail.subject.startswith("Avlyst")
    assert first.local_start.date().isoformat() in db.session.get(Offer, offer.id).schedule.exdates
    assert changes.coming_sessions(db.session.get(Offer, offer.id), 1)[0].starts_at != first.starts_at


@pytest.mark.parametrize("value", ["", "garbage", "2020-01-07T09:00:00+00:00"])
def test_only_a_coming_session_can_be_cancelled(group, value):
    offer = group[0]
    with pytest.raises(changes.ChangeError):
        changes.cancel_session(offer, value)


def test_a_new_time_is_told_and_a_new_text_is_not(client, group):
    offer, first, kari, per, ola = group
    editor = make_user(roles=(Role.EDITOR,), municipality=offer.municipality)
    login(client, editor)
    url = f"/oystre-slidre/offers/manage/{offer.id}"
    form = _form(
        weekdays=["TU"],
        interval="1",
        opens_at="10:00",
        closes_at="11:00",
        dtstart="2026-01-06",
        exdates="",
        location=str(offer.location_id),
        capacity="10",
    )
    client.post(url, data=form)  # the same time and place, new texts
    db.session.expire_all()
    assert not any("Endra" in m.subject for m in mails_to("kari@example.no"))
    client.post(url, data={**form, "opens_at": "12:00", "closes_at": "13:00"})
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).schedule.opens_at == time(12, 0)
    [kari_mail] = [m for m in mails_to("kari@example.no") if "Endra" in m.subject]
    assert "12.00–13.00" in kari_mail.body and "tysdag" in kari_mail.body  # her nynorsk
    assert any("Endret" in m.subject for m in mails_to("per@example.no"))


def test_the_editor_cancels_from_the_sign_up_list(client, group):
    offer, first, kari, per, ola = group
    other = make_user(roles=(Role.EDITOR,), municipality=group[0].municipality)
    login(client, other)
    page = client.get(f"/oystre-slidre/offers/manage/{offer.id}/signups").get_data(as_text=True)
    assert first.starts_at.isoformat() in page
    response = client.post(
        f"/oystre-slidre/offers/manage/{offer.id}/cancel-session",
        data={"starts_at": first.starts_at.isoformat(), "reason": "<b>Sjuk</b>"},
    )
    assert response.status_code == 302
    assert "2" in client.get(response.headers["Location"]).get_data(as_text=True)
    bad = client.post(f"/oystre-slidre/offers/manage/{offer.id}/cancel-session", data={"starts_at": "x"})
    assert bad.status_code == 302


def test_only_the_municipalitys_editors_may_cancel(client, group, municipalities):
    offer, first, *_ = group
    login(client, make_user(roles=(Role.EDITOR,), municipality=municipalities["gausdal"]))
    response = client.post(
        f"/oystre-slidre/offers/manage/{offer.id}/cancel-session", data={"starts_at": first.starts_at.isoformat()}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(SignUp, group[3].id).status == "confirmed"

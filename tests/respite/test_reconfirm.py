"""Two days before a stay the relative can confirm or cancel with one tap, without logging in."""

from datetime import timedelta

import pytest

from tests.respite.conftest import at
from webapp import tokens
from webapp.clock import today as oslo_today
from webapp.extensions import db
from webapp.notifications import services as notifications
from webapp.notifications.models import OutboxMessage
from webapp.respite import services
from webapp.respite.models import Booking, StayReconfirmation
from webapp.respite.reconfirm import PURPOSE, due


@pytest.fixture
def stay(setting):
    municipality, unit, relative, decision = setting
    today = oslo_today()
    booking = services.book(relative, decision.id, unit.id, today + timedelta(days=5), today + timedelta(days=7))
    return booking, relative


def link_of(booking) -> str:
    return "/stay/" + tokens.make_token(PURPOSE, {"b": booking.id})


def test_reconfirmation_two_days_before_and_reminder_the_day_before(ctx, stay):
    booking, relative = stay
    two_before = at(booking.arrival - timedelta(days=2), 9)
    [item] = list(due(two_before))
    assert item.template == "respite_reconfirm" and item.recipient.user_id == relative.id
    assert "/stay/" in item.context["link"]
    [item] = list(due(at(booking.arrival - timedelta(days=1), 9)))
    assert item.template == "respite_stay_reminder"


def test_sent_once_without_health_data(ctx, app, stay, monkeypatch):
    booking, relative = stay
    monkeypatch.setitem(app.extensions, "reminder_sources", [due])
    moment = at(booking.arrival - timedelta(days=2), 9)
    assert notifications.send_reminders(moment) == 1
    assert notifications.send_reminders(moment) == 0
    message = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.recipient == relative.email).order_by(OutboxMessage.id.desc())
    )
    assert "som planlagt" in message.subject  # nynorsk, the relative's standard
    assert "Olav" not in message.body  # the person cared for is not named in e-mail


def test_confirm_with_one_tap(client, ctx, stay):
    booking, _ = stay
    link = link_of(booking)
    page = client.get(link)
    assert page.status_code == 200 and "Ja, vi kjem" in page.get_data(as_text=True)
    assert client.post(link, data={"answer": "confirm"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(StayReconfirmation, booking.id).answer == "confirmed"
    reused = client.post(link, data={"answer": "cancel"})
    assert reused.status_code == 400 and "allereie svart" in reused.get_data(as_text=True)
    assert db.session.get(Booking, booking.id).status == "confirmed"


def test_cancel_with_one_tap_gives_the_quota_back(client, ctx, stay):
    booking, _ = stay
    client.post(link_of(booking), data={"answer": "cancel"})
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "cancelled"
    assert db.session.get(StayReconfirmation, booking.id).answer == "cancelled"


def test_tampered_expired_and_wrong_links_are_refused(client, ctx, app, stay, monkeypatch):
    booking, _ = stay
    link = link_of(booking)
    tampered = client.get(link[:-3] + "abc")
    # a tampered link names nobody, so the page cannot know their standard
    assert tampered.status_code == 400 and "ikke gyldig" in tampered.get_data(as_text=True)
    other_purpose = "/stay/" + tokens.make_token("offers-cancel", {"b": booking.id})
    assert client.get(other_purpose).status_code == 400
    assert client.post(link, data={"answer": "maybe"}).status_code == 400
    monkeypatch.setattr("webapp.respite.reconfirm.MAX_AGE", -1)
    expired = client.get(link)
    assert expired.status_code == 400 and "ikkje lenger gyldig" in expired.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "confirmed"


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_the_pages_are_accessible(page, live_server, browser_app, stay, locale):
    from tests.a11y import assert_accessible

    booking, relative = stay
    relative.locale = locale
    db.session.commit()
    url = live_server.url + link_of(booking)
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == locale
    assert_accessible(page)
    page.get_by_role("button", name="Ja, vi kjem" if locale == "nn" else "Ja, vi kommer").click()
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page)
    page.goto(url)
    assert_accessible(page)


def test_the_hourly_reminder_run_passes_expired_offers_on(ctx, app, setting, monkeypatch):
    from datetime import date

    from tests.factories import make_user
    from tests.respite.conftest import make_decision
    from webapp.accounts.models import Role
    from webapp.respite.models import WaitStatus

    municipality, unit, relative, decision = setting
    unit.capacities[0].places = 1
    db.session.commit()
    now = at(date(2026, 11, 2), 9)
    day = date(2026, 11, 20)
    first = services.book(relative, decision.id, unit.id, day, day + timedelta(days=1), now=now)
    users = [make_user(roles=(Role.RELATIVE,), municipality=municipality) for _ in range(2)]
    entries = [
        services.join_waiting_list(
            u, make_decision(municipality, [unit], [u]).id, unit.id, day, now=now + timedelta(minutes=n)
        )
        for n, u in enumerate(users)
    ]
    services.cancel(relative, first.id, now=now)
    monkeypatch.setitem(app.extensions, "reminder_sources", [due])
    notifications.send_reminders(now + timedelta(hours=23))
    assert [e.status for e in entries] == [WaitStatus.OFFERED, WaitStatus.WAITING]
    notifications.send_reminders(now + timedelta(hours=25))
    db.session.expire_all()
    assert [db.session.get(type(e), e.id).status for e in entries] == [WaitStatus.EXPIRED, WaitStatus.OFFERED]
    assert db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient == users[1].email))

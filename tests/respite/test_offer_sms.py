"""A time-limited respite offer goes by SMS with where, when, the deadline and the link."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from tests.factories import make_user
from tests.respite.conftest import make_decision
from tests.respite.test_booking_rules import NOW, book
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.respite import services


def test_the_offer_sms_says_where_when_until_when_and_links(setting):
    municipality, unit, relative, decision = setting
    unit.capacities[0].places = 1
    db.session.commit()
    day = date(2026, 11, 10)
    first = book(decision, relative, day, day + timedelta(days=1))
    waiting = make_user(roles=(Role.RELATIVE,), municipality=municipality, locale="nn", phone="912 34 567")
    services.join_waiting_list(waiting, make_decision(municipality, [unit], [waiting]).id, unit.id, day, now=NOW)
    services.cancel(relative, first.id, now=NOW)

    sms = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.channel == "sms", OutboxMessage.recipient == "+4791234567")
    ).one()
    assert f"ledig avlastingsplass på {unit.name} frå tysdag 10. november 2026" in sms.body
    assert "Svar innan" in sms.body and " kl. " in sms.body
    assert re.search(r"http://localhost/\S+/respite/", sms.body)
    assert not re.search(r"\d{4}-\d{2}-\d{2}|%\(|\{\{|None", sms.body)
    assert len(sms.body) <= 320

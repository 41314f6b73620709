"""A volunteer's messages come from the frivilligsentral, with its phone and e-mail."""

from __future__ import annotations

from sqlalchemy import select

from tests.volunteers.conftest import make_task, make_volunteer
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.volunteers import proposals, services


def test_a_proposal_is_signed_by_the_volunteer_centre(oystre):
    centre = services.centre(oystre)
    centre.phone, centre.email = "61 35 25 80", "frivilligsentral@example.no"
    db.session.commit()
    volunteer = make_volunteer(oystre)
    proposals.propose(make_task(oystre), volunteer)
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    mail = next(m for m in messages if m.channel == "email" and m.recipient == volunteer.user.email)
    assert mail.body.startswith(f"Hei {volunteer.user.name},\n")
    assert f"Helsing\n{centre.name}\nTelefon: 61 35 25 80\nE-post: frivilligsentral@example.no\n" in mail.body
    for sms in (m for m in messages if m.channel == "sms"):
        assert sms.body.endswith(f" – {centre.name}")

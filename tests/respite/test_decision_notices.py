"""The relatives are told when the office registers, changes or ends a decision: one message each,
by e-mail or (lacking an address) by SMS, in their own standard, with a link to book; a save that
changes nothing tells nobody."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from email.header import decode_header, make_header

from sqlalchemy import func, select

from tests.factories import make_user
from tests.mail import body
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications import services as notifications
from webapp.notifications.models import OutboxMessage
from webapp.respite import office


def _subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def _outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _data(decision, **changes) -> office.DecisionData:
    data = office.DecisionData(
        receiver_name=decision.care_receiver.name,
        receiver_birth_year=decision.care_receiver.birth_year,
        kind=decision.kind,
        unit_ids=[unit.id for unit in decision.units],
        quota_amount=decision.quota_amount,
        quota_unit=decision.quota_unit,
        period_kind=decision.period_kind,
        period_days=decision.period_days,
        valid_from=decision.valid_from,
        valid_to=decision.valid_to,
        horizon_days=decision.horizon_days,
        cancel_hours=decision.cancel_hours,
        max_stay=decision.max_stay,
        needs_approval=decision.needs_approval,
        weekend_cap=decision.weekend_cap,
        holiday_cap=decision.holiday_cap,
    )
    return replace(data, **changes)


def _people(municipality):
    by_mail = make_user(roles=(Role.RELATIVE,), municipality=municipality, locale="nn")
    by_phone = make_user(
        roles=(Role.RELATIVE,), municipality=municipality, locale="nb", email="telefon1@ingen.invalid", phone="91234567"
    )
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipality)
    return by_mail, by_phone, officer


def test_a_new_decision_is_told_to_each_relative_once_with_a_link_to_book(ctx, municipalities, smtp, gateway):
    municipality = municipalities["oystre-slidre"]
    unit = make_respite_unit(municipality)
    by_mail, by_phone, officer = _people(municipality)
    template = make_decision(municipality, [unit])
    consent = {"consent_given_by": "Olav Omsorg", "consent_date": date(2026, 1, 5), "consent_method": "written"}
    data = _data(
        template,
        relatives=[office.RelativeData(email=by_mail.email, **consent)],
        valid_from=date(2026, 1, 1),
        valid_to=date(2030, 12, 31),
    )
    decision = office.create_decision(officer, municipality, data)
    assert [(m.channel, m.recipient) for m in _outbox()] == [("email", by_mail.email)]

    assert notifications.send_due().sent == 1
    mail = smtp.wait_for(by_mail.email)[-1]
    assert "Du kan bestille avlasting for Olav Omsorg" in _subject(mail)
    text = body(mail)
    assert "Kvote: 4 døgn per 4 veker" in text
    assert f"/oystre-slidre/respite/decisions/{decision.id}" in text


def test_a_changed_decision_is_told_once_per_relative_and_an_unchanged_save_tells_nobody(
    ctx, municipalities, smtp, gateway
):
    municipality = municipalities["oystre-slidre"]
    unit = make_respite_unit(municipality)
    by_mail, by_phone, officer = _people(municipality)
    decision = make_decision(municipality, [unit], relatives=(by_mail, by_phone))

    office.update_decision(officer, decision, _data(decision))
    assert _outbox() == []  # nothing the relatives see has changed

    office.update_decision(officer, decision, _data(decision, quota_amount=6))
    sent = _outbox()
    assert sorted((m.channel, m.recipient) for m in sent) == [("email", by_mail.email), ("sms", "+4791234567")]
    assert notifications.send_due().sent == 2
    assert "Kvote: 6 døgn per 4 veker" in body(smtp.wait_for(by_mail.email)[-1])
    assert gateway.received and "/oystre-slidre/respite/decisions/" in gateway.received[-1]["userData"]

    office.update_decision(officer, decision, _data(decision, quota_amount=6))
    assert len(_outbox()) == 2  # saved again as it was: no new message

    office.update_decision(officer, decision, _data(decision, valid_to=date(2035, 6, 30)))
    assert len(_outbox()) == 4

    office.end_decision(officer, decision, date(2035, 1, 31))
    assert len(_outbox()) == 6
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.channel == "sms")) == 3


def test_a_relative_added_later_is_told_of_the_decision_and_the_others_are_not(ctx, municipalities):
    municipality = municipalities["oystre-slidre"]
    unit = make_respite_unit(municipality)
    by_mail, by_phone, officer = _people(municipality)
    decision = make_decision(municipality, [unit], relatives=(by_phone,))
    added = office.RelativeData(
        email=by_mail.email, consent_given_by="Olav Omsorg", consent_date=date(2026, 1, 5), consent_method="written"
    )
    office.update_decision(officer, decision, _data(decision, relatives=[added]))
    sent = _outbox()
    assert [(m.channel, m.recipient) for m in sent] == [("email", by_mail.email)]
    assert "Du kan bestille avlasting for Olav Omsorg" in sent[0].subject

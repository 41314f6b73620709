"""Every rule of booking inside a decision, at the service level."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.factories import make_user
from tests.respite.conftest import at, make_decision, make_respite_unit
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.respite import office, services
from webapp.respite.models import (
    BookingStatus,
    ClosedPeriod,
    Decision,
    RespiteKind,
    SchoolHoliday,
    WaitStatus,
)
from webapp.respite.overview import allowance_text, allowances
from webapp.respite.services import RespiteError

NOW = at(date(2026, 11, 2), 9)  # a Monday


@pytest.fixture(autouse=True)
def _english(ctx):
    """The reasons are checked by their English msgids."""
    with force_locale("en"):
        yield


def book(decision, user, arrival, departure, unit=None, now=NOW):
    unit = unit or decision.units[0]
    return services.book(user, decision.id, unit.id, arrival, departure, now=now)


def refused(decision, user, arrival, departure, unit=None, now=NOW) -> str:
    with pytest.raises(RespiteError) as error:
        book(decision, user, arrival, departure, unit, now)
    return str(error.value)


def test_a_booking_inside_the_decision_is_confirmed_and_queues_mail(setting):
    municipality, unit, relative, decision = setting
    booking = book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))
    assert booking.status == BookingStatus.CONFIRMED
    mails = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    assert "Olav Omsorg" in mails[relative.email].body
    assert "Olav Omsorg" not in mails["eining@kommune.example"].body  # the unit logs in to see who


def test_a_relative_with_a_mobile_number_also_gets_a_text_naming_nobody(setting):
    municipality, unit, relative, decision = setting
    relative.phone = "41234567"
    db.session.commit()
    book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))
    [text] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "sms")).all()
    assert text.recipient == "+4741234567" and "Avlasting" in text.body
    assert "Olav" not in text.body


def test_needs_approval_gives_pending(setting):
    municipality, unit, relative, decision = setting
    decision.needs_approval = True
    db.session.commit()
    assert book(decision, relative, date(2026, 11, 10), date(2026, 11, 11)).status == BookingStatus.PENDING


@pytest.mark.parametrize(
    "arrival, departure, overrides, expected",
    [
        (date(2026, 11, 1), date(2026, 11, 3), {}, "passed"),
        (date(2026, 11, 10), date(2026, 11, 8), {}, "after the arrival"),
        (date(2026, 11, 10), date(2026, 11, 10), {}, "after the arrival"),
        (date(2027, 4, 1), date(2027, 4, 2), {}, "ahead"),
        (date(2026, 12, 30), date(2027, 1, 2), {"valid_to": date(2026, 12, 31)}, "within the period"),
        (date(2026, 11, 10), date(2026, 11, 14), {"max_stay": 3}, "at most 3"),
        (date(2026, 11, 10), date(2036, 11, 10), {}, "at most 7"),
        (date(2026, 11, 3), date(2026, 11, 8), {}, "only 4 of 4"),
        (date(2026, 11, 11), date(2026, 11, 12), {"status": "ended"}, "ended"),
        (date(2026, 11, 11), date(2026, 11, 12), {"quota_unit": "weekends"}, "weekends only"),
    ],
)
def test_refusal_reasons(setting, arrival, departure, overrides, expected):
    municipality, unit, relative, decision = setting
    for name, value in overrides.items():
        setattr(decision, name, value)
    db.session.commit()
    assert expected in refused(decision, relative, arrival, departure)


def test_overlap_with_another_stay_of_the_same_person(setting):
    municipality, unit, relative, decision = setting
    other_unit = make_respite_unit(municipality, places=5, name="Dagsenteret")
    second = make_decision(municipality, [other_unit], [relative], receiver=decision.care_receiver)
    book(decision, relative, date(2026, 11, 10), date(2026, 11, 13))
    assert "already has a stay" in refused(second, relative, date(2026, 11, 12), date(2026, 11, 14), unit=other_unit)
    book(second, relative, date(2026, 11, 13), date(2026, 11, 14), unit=other_unit)  # departure day is free


def test_capacity_full_and_closed(setting):
    municipality, unit, relative, decision = setting
    for _n in range(2):
        other = make_user(roles=(Role.RELATIVE,), municipality=municipality)
        book(make_decision(municipality, [unit], [other]), other, date(2026, 11, 10), date(2026, 11, 11))
    assert "full on" in refused(decision, relative, date(2026, 11, 9), date(2026, 11, 11))
    book(decision, relative, date(2026, 11, 9), date(2026, 11, 10))
    unit.closures.append(ClosedPeriod(start=date(2026, 11, 20), end=date(2026, 11, 22), reason="Maling"))
    db.session.commit()
    assert "closed" in refused(decision, relative, date(2026, 11, 19), date(2026, 11, 21))


def test_capacity_changes_from_a_date(setting):
    municipality, unit, relative, decision = setting
    office.set_capacity(municipality.id, unit.id, date(2026, 12, 1), 0, "Flyttar til nytt omsorgssenter")
    assert "closed" in refused(decision, relative, date(2026, 11, 30), date(2026, 12, 2))
    book(decision, relative, date(2026, 11, 29), date(2026, 12, 1))


def test_weekend_and_holiday_caps(setting):
    municipality, unit, relative, decision = setting
    decision.weekend_cap = 1
    decision.holiday_cap = 1
    decision.period_kind = "month"
    db.session.add(
        SchoolHoliday(municipality_id=municipality.id, name="Juleferie", start=date(2026, 12, 21), end=date(2027, 1, 1))
    )
    db.session.commit()
    assert "at weekends" in refused(decision, relative, date(2026, 11, 6), date(2026, 11, 8))  # Fri+Sat
    book(decision, relative, date(2026, 11, 6), date(2026, 11, 7))
    assert "in holidays" in refused(decision, relative, date(2026, 12, 22), date(2026, 12, 24))


def test_rolling_period_and_a_stay_across_its_boundary(setting):
    municipality, unit, relative, decision = setting
    decision.valid_from = date(2026, 11, 1)  # periods 1–28 Nov, 29 Nov–26 Dec
    db.session.commit()
    book(decision, relative, date(2026, 11, 27), date(2026, 12, 1))  # 2 nights in each period
    assert "only 2 of 4" in refused(decision, relative, date(2026, 11, 20), date(2026, 11, 23))
    book(decision, relative, date(2026, 11, 20), date(2026, 11, 22))
    book(decision, relative, date(2026, 12, 5), date(2026, 12, 7))
    assert "only 0 of 4" in refused(decision, relative, date(2026, 12, 10), date(2026, 12, 11))
    book(decision, relative, date(2026, 12, 27), date(2026, 12, 31))  # a new period


def test_calendar_month_periods_and_the_allowance_sentence(setting):
    municipality, unit, relative, decision = setting
    decision.period_kind = "month"
    db.session.commit()
    book(decision, relative, date(2026, 11, 29), date(2026, 12, 2))  # 2 in Nov, 1 in Dec
    found = allowances(decision, date(2026, 11, 1), date(2026, 12, 31))
    assert [(a.period.start, a.left) for a in found] == [(date(2026, 11, 1), 2), (date(2026, 12, 1), 3)]
    with force_locale("nn"):
        assert allowance_text(decision, found[1]) == "Du har 3 av 4 døgn att i desember 2026"
    with force_locale("nb"):
        assert allowance_text(decision, found[1]) == "Du har 3 av 4 døgn igjen i desember 2026"


def test_dst_nights_are_one_night_each(setting):
    municipality, unit, relative, decision = setting
    decision.max_stay = 2
    decision.period_kind = "month"
    db.session.commit()
    # Summer time ends in the night to 25 October 2026 (25 hours) and starts in the night to 28 March 2027.
    book(decision, relative, date(2026, 10, 24), date(2026, 10, 26), now=at(date(2026, 10, 20)))
    assert allowances(decision, date(2026, 10, 1), date(2026, 10, 31))[0].left == 2
    book(decision, relative, date(2027, 3, 27), date(2027, 3, 29), now=at(date(2027, 3, 1)))
    assert allowances(decision, date(2027, 3, 1), date(2027, 3, 31))[0].left == 2


def test_cancel_before_the_deadline_gives_the_quota_back(setting):
    municipality, unit, relative, decision = setting
    booking = book(decision, relative, date(2026, 11, 10), date(2026, 11, 14))
    assert "only 0 of 4" in refused(decision, relative, date(2026, 11, 20), date(2026, 11, 21))
    services.cancel(relative, booking.id, now=NOW)
    assert booking.status == BookingStatus.CANCELLED and not booking.late_cancel
    book(decision, relative, date(2026, 11, 20), date(2026, 11, 24))


def test_cancel_after_the_deadline_frees_the_place_but_uses_the_quota(setting):
    municipality, unit, relative, decision = setting
    booking = book(decision, relative, date(2026, 11, 10), date(2026, 11, 14))
    services.cancel(relative, booking.id, now=at(date(2026, 11, 9), 8))  # 28 hours before, deadline 48
    assert booking.late_cancel
    assert "only 0 of 4" in refused(decision, relative, date(2026, 11, 20), date(2026, 11, 21))
    with pytest.raises(RespiteError, match="already cancelled"):
        services.cancel(relative, booking.id, now=NOW)


def test_change_dates_under_the_same_rules(setting):
    municipality, unit, relative, decision = setting
    booking = book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))
    services.change(relative, booking.id, date(2026, 11, 10), date(2026, 11, 11), now=NOW)
    assert booking.departure == date(2026, 11, 11)
    with pytest.raises(RespiteError, match="at most 7"):
        services.change(relative, booking.id, date(2026, 11, 10), date(2026, 11, 20), now=NOW)
    with pytest.raises(RespiteError, match="deadline"):
        services.change(relative, booking.id, date(2026, 11, 12), date(2026, 11, 13), now=at(date(2026, 11, 9)))


def test_waiting_list_offer_expiry_and_pass_on(setting):
    municipality, unit, relative, decision = setting
    unit.capacities[0].places = 1
    db.session.commit()
    day = date(2026, 11, 10)
    first = book(decision, relative, day, day + timedelta(days=1))
    waiting = []
    for _n in range(2):
        user = make_user(roles=(Role.RELATIVE,), municipality=municipality)
        waiting.append((user, make_decision(municipality, [unit], [user])))
    with pytest.raises(RespiteError, match="free place"):
        services.join_waiting_list(waiting[0][0], waiting[0][1].id, unit.id, day + timedelta(days=3), now=NOW)
    entries = [
        services.join_waiting_list(u, d.id, unit.id, day, now=NOW + timedelta(minutes=n))
        for n, (u, d) in enumerate(waiting)
    ]

    services.cancel(relative, first.id, now=NOW)
    assert [e.status for e in entries] == [WaitStatus.OFFERED, WaitStatus.WAITING]
    assert entries[0].offer_expires_at == NOW + timedelta(hours=24)
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == waiting[0][0].email))
    # The offered place is held: nobody else can take it meanwhile.
    assert "full on" in refused(decision, relative, day, day + timedelta(days=1))

    assert services.expire_offers(now=NOW + timedelta(hours=25)) == 1
    assert [e.status for e in entries] == [WaitStatus.EXPIRED, WaitStatus.OFFERED]
    with pytest.raises(RespiteError, match="no longer open"):
        services.accept_offer(waiting[0][0], entries[0].id, now=NOW + timedelta(hours=26))
    booking = services.accept_offer(waiting[1][0], entries[1].id, now=NOW + timedelta(hours=26))
    assert booking.arrival == day and booking.status == BookingStatus.CONFIRMED
    assert entries[1].status == WaitStatus.ACCEPTED


def test_accepting_an_offer_is_one_transaction(setting):
    """If marking the offer accepted fails, no booking is left behind and nobody is told."""
    from sqlalchemy import event

    from webapp.respite.models import Booking, WaitingListEntry

    municipality, unit, relative, decision = setting
    unit.capacities[0].places = 1
    db.session.commit()
    day = date(2026, 11, 10)
    first = book(decision, relative, day, day + timedelta(days=1))
    user = make_user(roles=(Role.RELATIVE,), municipality=municipality)
    entry = services.join_waiting_list(user, make_decision(municipality, [unit], [user]).id, unit.id, day, now=NOW)
    services.cancel(relative, first.id, now=NOW)
    assert entry.status == WaitStatus.OFFERED
    bookings = db.session.scalar(select(func.count()).select_from(Booking))
    messages = db.session.scalar(select(func.count()).select_from(OutboxMessage))

    def refuse_acceptance(mapper, connection, target):
        if target.status == WaitStatus.ACCEPTED:
            raise RuntimeError("the acceptance could not be written")

    event.listen(WaitingListEntry, "before_update", refuse_acceptance)
    try:
        with pytest.raises(RuntimeError):
            services.accept_offer(user, entry.id, now=NOW + timedelta(hours=1))
    finally:
        event.remove(WaitingListEntry, "before_update", refuse_acceptance)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Booking)) == bookings
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == messages
    assert db.session.get(WaitingListEntry, entry.id).status == WaitStatus.OFFERED

    booking = services.accept_offer(user, entry.id, now=NOW + timedelta(hours=1))  # and it can still be taken
    assert booking.arrival == day and entry.status == WaitStatus.ACCEPTED


def test_turning_an_offer_down_passes_it_on(setting):
    municipality, unit, relative, decision = setting
    unit.capacities[0].places = 1
    db.session.commit()
    day = date(2026, 11, 10)
    first = book(decision, relative, day, day + timedelta(days=1))
    users = [make_user(roles=(Role.RELATIVE,), municipality=municipality) for _ in range(2)]
    entries = [
        services.join_waiting_list(
            u, make_decision(municipality, [unit], [u]).id, unit.id, day, now=NOW + timedelta(minutes=n)
        )
        for n, u in enumerate(users)
    ]
    services.cancel(relative, first.id, now=NOW)
    services.leave_waiting_list(users[0], entries[0].id, now=NOW)
    assert [e.status for e in entries] == [WaitStatus.LEFT, WaitStatus.OFFERED]


def test_decision_changed_under_existing_bookings_flags_them(setting):
    municipality, unit, relative, decision = setting
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipality)
    inside = book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))
    outside = book(decision, relative, date(2026, 12, 10), date(2026, 12, 12))
    data = office.DecisionData(
        receiver_name="Olav Omsorg",
        receiver_birth_year=1938,
        kind=RespiteKind.INSTITUTION,
        unit_ids=[unit.id],
        quota_amount=4,
        quota_unit="nights",
        period_kind="rolling",
        period_days=28,
        valid_from=date(2020, 1, 1),
        valid_to=date(2026, 11, 30),
        horizon_days=120,
        cancel_hours=48,
        max_stay=7,
        needs_approval=False,
        weekend_cap=None,
        holiday_cap=None,
    )
    assert office.update_decision(officer, decision, data) == 1
    assert (inside.flagged, outside.flagged) == (False, True)
    assert [b.id for b in office.flagged_bookings(municipality.id)] == [outside.id]
    assert office.end_decision(officer, decision, date(2026, 11, 5)) == 2
    assert db.session.get(Decision, decision.id).status == "ended"


def test_weekend_quota_counts_weekends_not_nights(setting):
    municipality, unit, relative, decision = setting
    decision.quota_unit, decision.quota_amount, decision.period_kind = "weekends", 2, "month"
    db.session.commit()
    book(decision, relative, date(2026, 11, 6), date(2026, 11, 7))  # Friday night
    book(decision, relative, date(2026, 11, 7), date(2026, 11, 8))  # Saturday night, same weekend
    book(decision, relative, date(2026, 11, 13), date(2026, 11, 15))
    assert "only 0 of 2" in refused(decision, relative, date(2026, 11, 20), date(2026, 11, 22))
    assert allowances(decision, date(2026, 11, 1), date(2026, 11, 30))[0].left == 0


def test_public_and_school_holidays(setting):
    municipality, unit, relative, decision = setting
    db.session.add(
        SchoolHoliday(
            municipality_id=municipality.id, name="Vinterferie", start=date(2027, 2, 22), end=date(2027, 2, 26)
        )
    )
    db.session.commit()
    found = services.holiday_days(municipality.id, date(2027, 1, 1), date(2027, 5, 31))
    assert found[date(2027, 3, 26)] == "Langfredag" and found[date(2027, 2, 24)] == "Vinterferie"
    with force_locale("nn"):
        assert services.holiday_days(municipality.id, date(2027, 5, 1), date(2027, 5, 1)) == {
            date(2027, 5, 1): "Arbeidarane sin dag"
        }


def test_day_respite_counts_days_from_arrival_to_departure(setting):
    municipality, unit, relative, decision = setting
    day_centre = make_respite_unit(municipality, places=5, kind=RespiteKind.DAY, name="Dagsenteret")
    days = make_decision(
        municipality,
        [day_centre],
        [relative],
        quota_amount=6,
        period_kind="month",
        max_stay=5,
        receiver=decision.care_receiver,
    )
    book(days, relative, date(2026, 11, 10), date(2026, 11, 10), unit=day_centre)  # one day
    book(days, relative, date(2026, 11, 16), date(2026, 11, 18), unit=day_centre)  # three days
    assert allowances(days, date(2026, 11, 1), date(2026, 11, 30))[0].left == 2
    assert "after the arrival" in refused(days, relative, date(2026, 11, 20), date(2026, 11, 19), unit=day_centre)


def test_a_decision_cannot_mix_nights_and_days(setting):
    municipality, unit, relative, decision = setting
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipality)
    day_centre = make_respite_unit(municipality, places=5, kind=RespiteKind.DAY, name="Dagsenteret")
    data = office.DecisionData(
        receiver_name="Olav Omsorg",
        receiver_birth_year=1938,
        kind=RespiteKind.INSTITUTION,
        unit_ids=[unit.id, day_centre.id],
        quota_amount=4,
        quota_unit="nights",
        period_kind="month",
        period_days=28,
        valid_from=date(2026, 11, 1),
        valid_to=date(2027, 10, 31),
        horizon_days=90,
        cancel_hours=48,
        max_stay=7,
        needs_approval=False,
        weekend_cap=None,
        holiday_cap=None,
    )
    with pytest.raises(RespiteError, match="Nights and days"):
        office.create_decision(officer, municipality, data)
    data.unit_ids, data.quota_unit = [unit.id], "days"
    with pytest.raises(RespiteError, match="Nights and days"):
        office.create_decision(officer, municipality, data)
    data.quota_unit = "nights"
    assert office.create_decision(officer, municipality, data).units == [unit]


def test_every_change_tells_every_relative_and_the_unit(setting):
    municipality, unit, relative, decision = setting
    from tests.respite.conftest import make_staff
    from webapp.respite.models import DecisionRelative

    sister = make_user(roles=(Role.RELATIVE,), municipality=municipality, locale="nb")
    decision.relatives.append(
        DecisionRelative(
            user=sister, consent_given_by="Olav Omsorg", consent_date=date(2026, 1, 5), consent_method="oral"
        )
    )
    decision.needs_approval = True
    db.session.commit()
    staff = make_staff(municipality, unit)
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipality)
    seen: set[int] = set()

    def told() -> dict[str, str]:
        """The e-mails queued since last time, subject by recipient (exactly one each)."""
        new = [
            m
            for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email"))
            if m.id not in seen
        ]
        seen.update(m.id for m in new)
        by_recipient = {m.recipient: m for m in new}
        assert len(by_recipient) == len(new) == 3, [m.recipient for m in new]
        assert "Olav" not in by_recipient["eining@kommune.example"].body
        return {r: m.subject for r, m in by_recipient.items()}

    booking = book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))
    assert told() == {
        relative.email: "Avlasting bestilt",
        sister.email: "Avlastning bestilt",
        "eining@kommune.example": "Ny avlastingsbestilling",
    }
    office.decide_booking(staff, unit, booking.id, True, "", now=NOW)
    assert told()[relative.email] == "Avlasting godkjend"
    services.change(sister, booking.id, date(2026, 11, 10), date(2026, 11, 11), now=NOW)
    assert told() == {
        relative.email: "Avlasting endra",
        sister.email: "Avlastning endret",
        "eining@kommune.example": "Ei avlastingsbestilling er endra",
    }
    assert booking.status == BookingStatus.PENDING  # a changed stay is approved again
    office.decide_booking(staff, unit, booking.id, False, "Ingen ledig personale", now=NOW)
    assert told()[relative.email] == "Avlasting avslått"
    last = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == relative.email).order_by(OutboxMessage.id.desc())
    ).first()
    assert "Ingen ledig personale" in last.body
    again = book(decision, relative, date(2026, 11, 16), date(2026, 11, 17))
    told()
    office.cancel_by_office(officer, municipality.id, again.id, "Vedtaket er endra", now=NOW)
    assert told()[sister.email] == "Avlastning avbestilt"
    third = book(decision, sister, date(2026, 11, 18), date(2026, 11, 19))
    told()
    services.cancel(relative, third.id, now=NOW)
    assert told() == {
        relative.email: "Avlasting avbestilt",
        sister.email: "Avlastning avbestilt",
        "eining@kommune.example": "Ei avlastingsbestilling er avbestilt",
    }


def test_lower_quota_and_removed_unit_flag_the_bookings_they_no_longer_cover(setting):
    municipality, unit, relative, decision = setting
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipality)
    other_unit = make_respite_unit(municipality, places=2, name="Nytt omsorgssenter")
    decision.units = [unit, other_unit]
    decision.period_kind = "month"
    db.session.commit()
    november = book(decision, relative, date(2026, 11, 10), date(2026, 11, 13))  # 3 nights
    december = book(decision, relative, date(2026, 12, 10), date(2026, 12, 11), unit=other_unit)
    data = office.DecisionData(
        receiver_name="Olav Omsorg",
        receiver_birth_year=1938,
        kind=RespiteKind.INSTITUTION,
        unit_ids=[other_unit.id],
        quota_amount=4,
        quota_unit="nights",
        period_kind="month",
        period_days=28,
        valid_from=date(2020, 1, 1),
        valid_to=date(2040, 12, 31),
        horizon_days=120,
        cancel_hours=48,
        max_stay=7,
        needs_approval=False,
        weekend_cap=None,
        holiday_cap=None,
    )
    assert office.update_decision(officer, decision, data) == 1  # the unit is no longer in it
    assert (november.flagged, december.flagged) == (True, False)
    data.unit_ids, data.quota_amount = [unit.id, other_unit.id], 2
    assert office.update_decision(officer, decision, data) == 1  # 3 nights > 2 in November
    assert (november.flagged, december.flagged) == (True, False)
    data.quota_amount = 4
    assert office.update_decision(officer, decision, data) == 0
    assert not november.flagged
    # While flagged, the rules still stop new bookings over the lowered quota.
    data.quota_amount = 2
    office.update_decision(officer, decision, data)
    assert "only 0 of 2" in refused(decision, relative, date(2026, 11, 20), date(2026, 11, 21))


@pytest.mark.parametrize(
    "day, overrides, expected",
    [
        (date(2026, 11, 1), {}, "within your decision"),  # yesterday
        (date(2027, 6, 1), {}, "within your decision"),  # beyond the booking window
        (date(2026, 11, 20), {"valid_to": date(2026, 11, 15)}, "within your decision"),
        (date(2026, 11, 10), {"status": "ended"}, "within your decision"),
        (date(2026, 11, 12), {}, "free place"),
        (date(2026, 11, 10), {"own_stay": True}, "already has a stay"),  # at another unit that night
    ],
)
def test_waiting_list_refusals(setting, day, overrides, expected):
    municipality, unit, relative, decision = setting
    for _n in range(2):  # 10 November is full
        other = make_user(roles=(Role.RELATIVE,), municipality=municipality)
        book(make_decision(municipality, [unit], [other]), other, date(2026, 11, 10), date(2026, 11, 11))
    if overrides.pop("own_stay", False):
        elsewhere = make_respite_unit(municipality, places=3, name="Eit anna helsetun")
        book(
            make_decision(municipality, [elsewhere], [relative], receiver=decision.care_receiver),
            relative,
            date(2026, 11, 9),
            date(2026, 11, 11),
            unit=elsewhere,
        )
    for name, value in overrides.items():
        setattr(decision, name, value)
    db.session.commit()
    with pytest.raises(RespiteError, match=expected):
        services.join_waiting_list(relative, decision.id, unit.id, day, now=NOW)


def test_changing_into_a_full_day_or_another_stay_is_refused_and_keeps_the_booking(setting):
    municipality, unit, relative, decision = setting
    decision.quota_amount = 10
    db.session.commit()
    first = book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))
    book(decision, relative, date(2026, 11, 14), date(2026, 11, 16))
    for _n in range(2):
        other = make_user(roles=(Role.RELATIVE,), municipality=municipality)
        book(make_decision(municipality, [unit], [other]), other, date(2026, 11, 20), date(2026, 11, 21))
    with pytest.raises(RespiteError, match="full on"):
        services.change(relative, first.id, date(2026, 11, 19), date(2026, 11, 21), now=NOW)
    with pytest.raises(RespiteError, match="already has a stay"):
        services.change(relative, first.id, date(2026, 11, 11), date(2026, 11, 15), now=NOW)
    db.session.expire_all()
    assert (first.arrival, first.departure) == (date(2026, 11, 10), date(2026, 11, 12))
    services.change(relative, first.id, date(2026, 11, 11), date(2026, 11, 13), now=NOW)  # overlaps itself
    assert (first.arrival, first.departure) == (date(2026, 11, 11), date(2026, 11, 13))


def test_relatives_are_told_when_the_decision_is_changed_or_ended(setting):
    municipality, unit, relative, decision = setting
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipality)
    book(decision, relative, date(2026, 12, 10), date(2026, 12, 12))

    def last_mail() -> OutboxMessage:
        return db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == relative.email).order_by(OutboxMessage.id.desc())
        ).first()

    data = office.DecisionData(
        receiver_name="Olav Omsorg",
        receiver_birth_year=1938,
        kind=RespiteKind.INSTITUTION,
        unit_ids=[unit.id],
        quota_amount=4,
        quota_unit="nights",
        period_kind="rolling",
        period_days=28,
        valid_from=date(2020, 1, 1),
        valid_to=date(2026, 11, 30),
        horizon_days=120,
        cancel_hours=48,
        max_stay=7,
        needs_approval=False,
        weekend_cap=None,
        holiday_cap=None,
    )
    office.update_decision(officer, decision, data)
    mail = last_mail()
    assert mail.subject == "Vedtaket ditt om avlasting er endra"
    assert "Olav Omsorg" in mail.body and "1 bestilling er no utanfor vedtaket" in mail.body
    assert f"/respite/decisions/{decision.id}" in mail.body
    office.end_decision(officer, decision, date(2026, 11, 20))
    mail = last_mail()
    assert mail.subject == "Vedtaket ditt om avlasting er avslutta"
    assert "Siste dag er fredag 20. november 2026" in mail.body


def test_a_unit_without_an_address_is_told_through_its_staff(setting):
    municipality, unit, relative, decision = setting
    from tests.respite.conftest import make_staff

    unit.unit.email = ""
    db.session.commit()
    staff = [make_staff(municipality, unit, locale=locale) for locale in ("nn", "nb")]
    booking = book(decision, relative, date(2026, 11, 10), date(2026, 11, 12))
    services.cancel(relative, booking.id, now=NOW)
    for member, subjects in zip(
        staff,
        (
            ["Ny avlastingsbestilling", "Ei avlastingsbestilling er avbestilt"],
            ["Ny avlastningsbestilling", "En avlastningsbestilling er avbestilt"],
        ),
        strict=False,
    ):
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == member.email).order_by(OutboxMessage.id)
        ).all()
        assert [m.subject for m in mails] == subjects
        assert all("Olav" not in m.body for m in mails)


@pytest.mark.parametrize(
    "quota, nn, nb",
    [
        (
            {"quota_amount": 4, "quota_unit": "nights", "period_kind": "rolling", "period_days": 28},
            ("4 døgn per 4 veker", "Du har 4 av 4 døgn att i perioden"),
            ("4 døgn per 4 uker", "Du har 4 av 4 døgn igjen i perioden"),
        ),
        (
            {"quota_amount": 2, "quota_unit": "weekends", "period_kind": "month"},
            ("2 helger per kalendermånad", "Du har 2 av 2 helger att i desember 2026"),
            ("2 helger per kalendermåned", "Du har 2 av 2 helger igjen i desember 2026"),
        ),
        (
            {"quota_amount": 6, "quota_unit": "days", "period_kind": "month"},
            ("6 dagar per kalendermånad", "Du har 6 av 6 dagar att i desember 2026"),
            ("6 dager per kalendermåned", "Du har 6 av 6 dager igjen i desember 2026"),
        ),
    ],
)
def test_the_three_quota_forms_read_well_in_both_standards(setting, quota, nn, nb):
    municipality, unit, relative, decision = setting
    from webapp.respite.overview import quota_text

    for name, value in quota.items():
        setattr(decision, name, value)
    db.session.commit()
    [allowance] = allowances(decision, date(2026, 12, 1), date(2026, 12, 1))
    for locale, (text, sentence) in (("nn", nn), ("nb", nb)):
        with force_locale(locale):
            assert quota_text(decision) == text
            assert allowance_text(decision, allowance).startswith(sentence)

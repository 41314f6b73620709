"""Sign-ups: capacity, waiting list and promotion, cancel links, escort requests, concurrency."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.offers.conftest import make_offer
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.offers import signups
from webapp.offers.models import EscortRequest, SignUp
from webapp.offers.services import next_sessions
from webapp.offers.signals import escort_requested
from webapp.tokens import make_token


def person(n: int, email: str = "") -> signups.Person:
    return signups.Person(name=f"Person {n}", phone=f"9000{n:04d}", email=email, locale="nn")


def statuses(offer_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(SignUp.status, func.count()).where(SignUp.offer_id == offer_id).group_by(SignUp.status)
    ).all()
    return dict(rows)


def test_capacity_then_waiting_list(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=2)
    results = [signups.sign_up(offer.id, person(n)).status for n in range(3)]
    assert results == ["confirmed", "confirmed", "waiting"]
    assert signups.free_places(offer, None) == 0


def test_cancel_promotes_first_on_waiting_list_and_mails_them(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=1)
    first = signups.sign_up(offer.id, person(1, "forste@example.no"))
    second = signups.sign_up(offer.id, person(2, "andre@example.no"))
    third = signups.sign_up(offer.id, person(3, "tredje@example.no"))
    assert (second.status, third.status) == ("waiting", "waiting")
    signups.cancel(first.id)
    db.session.expire_all()
    assert (db.session.get(SignUp, second.id).status, db.session.get(SignUp, third.id).status) == (
        "confirmed",
        "waiting",
    )
    promoted = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "andre@example.no")).all()
    assert len(promoted) == 2  # the waiting-list confirmation and the promotion
    assert "Tilbod" in promoted[-1].subject and "/offers/cancel/" in promoted[-1].body
    assert "Kvar tysdag kl. 10.00–11.00" in promoted[-1].body  # the series: when it meets, in nynorsk


def test_single_session_sign_up_has_its_own_capacity(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=1)
    first, second = next_sessions(offer, 2)
    assert signups.sign_up(offer.id, person(1), first.starts_at).status == "confirmed"
    assert signups.sign_up(offer.id, person(2), first.starts_at).status == "waiting"
    assert signups.sign_up(offer.id, person(3), second.starts_at).status == "confirmed"
    # The series needs a place in every session: none is left.
    assert signups.sign_up(offer.id, person(4)).status == "waiting"


def test_bad_session_time_and_duplicates_are_refused(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=5)
    real = next_sessions(offer, 1)[0].starts_at
    with pytest.raises(signups.SignUpError):
        signups.sign_up(offer.id, person(1), real + timedelta(minutes=5))
    with pytest.raises(signups.SignUpError):
        signups.sign_up(offer.id, person(1), datetime(2020, 1, 7, 9, tzinfo=UTC))
    signups.sign_up(offer.id, person(1))
    with pytest.raises(signups.SignUpError):
        signups.sign_up(offer.id, person(1))


def test_drop_in_drafts_and_paused_offers_take_no_sign_ups(ctx, municipalities):
    drop_in = make_offer(municipalities["gausdal"], join_mode="drop_in")
    draft = make_offer(municipalities["gausdal"], join_mode="sign_up", published=False)
    paused = make_offer(municipalities["gausdal"], join_mode="sign_up", status="paused")
    for offer in (drop_in, draft, paused):
        with pytest.raises(signups.SignUpError):
            signups.sign_up(offer.id, person(1))


def test_cancel_link_works_once(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=3)
    signup = signups.sign_up(offer.id, person(1))
    token = make_token(signups.CANCEL_PURPOSE, {"s": signup.id})
    assert signups.cancel_with_token(token).status == "cancelled"
    with pytest.raises(signups.SignUpError):
        signups.cancel_with_token(token)
    with pytest.raises(signups.SignUpError):
        signups.cancel_with_token(token[:-3] + "abc")


def test_escort_request_is_stored_and_signalled_in_the_same_transaction(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=3)
    received = []

    def listener(sender, request):
        received.append((request, db.session.get(EscortRequest, request.request_id) is not None))

    escort_requested.connect(listener)
    try:
        signup = signups.sign_up(
            offer.id, person(7), needs_escort=True, needs_transport=True, escort_note="Eg brukar rullator"
        )
    finally:
        escort_requested.disconnect(listener)
    stored = db.session.scalar(select(EscortRequest).where(EscortRequest.signup_id == signup.id))
    assert stored is not None and stored.needs_transport and stored.note == "Eg brukar rullator"
    ((request, row_visible),) = received
    assert row_visible and request.request_id == stored.id and request.person_phone == "90000007"
    assert request.starts_at == next_sessions(offer, 1)[0].starts_at


def test_a_failing_listener_rolls_back_the_sign_up(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=3)

    def broken(sender, request):
        raise RuntimeError("listener failed")

    escort_requested.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            signups.sign_up(offer.id, person(8), needs_escort=True)
    finally:
        escort_requested.disconnect(broken)
    assert statuses(offer.id) == {}


def test_fifty_parallel_sign_ups_for_the_last_five_places(app, ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=10)
    for n in range(5):
        signups.sign_up(offer.id, person(1000 + n))
    offer_id = offer.id
    db.session.remove()
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                signups.sign_up(offer_id, person(n))
            except BaseException as exc:  # noqa: BLE001 (reported below)
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses(offer_id) == {"confirmed": 10, "waiting": 45}


def test_editors_list_groups_the_series_and_each_session(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=1)
    first = next_sessions(offer, 1)[0]
    signups.sign_up(offer.id, person(1))
    signups.sign_up(offer.id, person(2))
    signups.sign_up(offer.id, person(3), first.starts_at)
    groups = signups.signups_by_session(offer)
    assert groups[0].occurrence is None
    assert [s.name for s in groups[0].confirmed] == ["Person 1"] and [s.name for s in groups[0].waiting] == ["Person 2"]
    assert groups[1].occurrence.starts_at == first.starts_at and [s.name for s in groups[1].waiting] == ["Person 3"]


def test_a_mobile_number_gets_the_confirmation_and_the_promotion_by_sms(ctx, municipalities):
    from tests.factories import make_user
    from webapp.notifications.services import save_preferences

    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=1)
    first = signups.sign_up(offer.id, signups.Person(name="Kari", phone="912 34 567", email="", locale="nn"))
    texts = db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "sms")).all()
    assert [t.recipient for t in texts] == ["+4791234567"]
    assert "Du er påmeldt" in texts[0].body and "/offers/cancel/" in texts[0].body
    no_texts = make_user(locale="nb", phone="92345678")
    save_preferences(no_texts.id, email=True, sms=False, reminders=True)
    waiting = signups.sign_up(
        offer.id,
        signups.Person(name=no_texts.name, phone="92345678", email=no_texts.email, locale="nb", user_id=no_texts.id),
    )
    signups.cancel(first.id)
    to_her = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient.in_(["+4792345678", no_texts.email]))
    ).all()
    assert [m.channel for m in to_her] == ["email", "email"]  # she chose e-mail only
    assert db.session.get(SignUp, waiting.id).status == "confirmed"


def test_a_freed_series_place_goes_to_someone_waiting_for_one_session(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=1)
    first = next_sessions(offer, 1)[0]
    series = signups.sign_up(offer.id, person(1))
    one_time = signups.sign_up(offer.id, person(2, "eingong@example.no"), first.starts_at)
    assert one_time.status == "waiting"
    signups.cancel(series.id)
    db.session.expire_all()
    assert db.session.get(SignUp, one_time.id).status == "confirmed"
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "eingong@example.no")).all()
    assert len(mails) == 2 and "/offers/cancel/" in mails[-1].body


def test_a_freed_session_place_can_make_room_for_the_series(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=1)
    first = next_sessions(offer, 1)[0]
    one_time = signups.sign_up(offer.id, person(1), first.starts_at)
    series = signups.sign_up(offer.id, person(2))
    assert series.status == "waiting"
    signups.cancel(one_time.id)
    db.session.expire_all()
    assert db.session.get(SignUp, series.id).status == "confirmed"
    assert signups.free_places(db.session.get(type(offer), offer.id), None) == 0


def _with_capacity(offer, capacity: int):
    from webapp.offers import editing

    schedule = offer.schedule
    values = {name: getattr(offer, name) for name in editing.TEXT_FIELDS + editing.PLAIN_FIELDS}
    values["capacity"] = capacity
    return editing.OfferData(
        values=values,
        level_id=None,
        location_id=None,
        organization_id=None,
        weekdays=schedule.weekdays.split(","),
        interval=1,
        opens_at=schedule.opens_at,
        closes_at=schedule.closes_at,
        dtstart=schedule.dtstart,
        until=None,
        exdates=[],
        skip_public_holidays=True,
    )


def test_more_places_from_the_editor_promote_those_waiting(ctx, municipalities):
    from webapp.offers import editing

    m = municipalities["oystre-slidre"]
    offer = make_offer(m, join_mode="sign_up", capacity=1)
    signups.sign_up(offer.id, person(1))
    waiting = [signups.sign_up(offer.id, person(n, f"p{n}@example.no")) for n in (2, 3, 4)]
    editing.save_offer(m, offer, _with_capacity(offer, 3))
    db.session.expire_all()
    assert [db.session.get(SignUp, w.id).status for w in waiting] == ["confirmed", "confirmed", "waiting"]
    assert (
        db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.recipient == "p2@example.no")
        )
        == 2
    )


def test_saving_more_places_and_promoting_is_one_transaction(ctx, municipalities):
    """If the promotion fails, the new capacity is not saved either, and nobody is told."""
    from sqlalchemy import event

    from webapp.offers import editing

    m = municipalities["oystre-slidre"]
    offer = make_offer(m, join_mode="sign_up", capacity=1)
    signups.sign_up(offer.id, person(1))
    waiting = signups.sign_up(offer.id, person(2, "p2@example.no"))
    messages = db.session.scalar(select(func.count()).select_from(OutboxMessage))

    def refuse_promotion(mapper, connection, target):
        if target.status == "confirmed":
            raise RuntimeError("the promotion could not be written")

    event.listen(SignUp, "before_update", refuse_promotion)
    try:
        with pytest.raises(RuntimeError):
            editing.save_offer(m, offer, _with_capacity(offer, 3))
    finally:
        event.remove(SignUp, "before_update", refuse_promotion)
    db.session.expire_all()
    assert db.session.get(type(offer), offer.id).capacity == 1
    assert db.session.get(SignUp, waiting.id).status == "waiting"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == messages

"""A waiting list only when the group is full, and one promotion per freed place, oldest first."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from tests.offers.conftest import make_offer
from webapp.extensions import db
from webapp.offers import signups
from webapp.offers.models import Offer, SignUp
from webapp.transactions import atomic


def person(n: int) -> signups.Person:
    return signups.Person(name=f"Person {n}", phone=f"9100{n:04d}", locale="nn")


def _status(signup_id: int) -> str:
    return db.session.get(SignUp, signup_id).status


def _full_offer(municipalities, capacity: int, waiting: int, clock):
    """An offer with every place taken and `waiting` people waiting, each a minute after the last."""
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=capacity)
    taken = [signups.sign_up(offer.id, person(n)) for n in range(capacity)]
    queue = []
    for n in range(waiting):
        clock.shift(timedelta(minutes=1))
        queue.append(signups.sign_up(offer.id, person(100 + n)))
    assert [s.status for s in queue] == ["waiting"] * waiting
    return offer, [s.id for s in taken], [s.id for s in queue]


def _button(html: str) -> str:
    return html.split('id="signup-submit"', 1)[1].split("</button>", 1)[0]


def test_no_waiting_list_while_places_are_free(client, ctx, municipalities, clock):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=1)
    html = client.get(f"/oystre-slidre/offers/{offer.id}").get_data(as_text=True)
    assert 'data-waiting-list="false"' in _button(html)
    assert signups.sign_up(offer.id, person(1)).status == "confirmed"
    html = client.get(f"/oystre-slidre/offers/{offer.id}").get_data(as_text=True)
    assert 'data-waiting-list="true"' in _button(html)
    assert signups.sign_up(offer.id, person(2)).status == "waiting"


def test_two_places_freed_at_once_promote_the_two_oldest(ctx, municipalities, clock):
    offer, taken, queue = _full_offer(municipalities, capacity=2, waiting=3, clock=clock)
    with atomic():
        for signup_id in taken:
            signups.cancel(signup_id)
    db.session.expire_all()
    assert [_status(s) for s in queue] == ["confirmed", "confirmed", "waiting"]


def test_oldest_first_means_the_earliest_sign_up_not_the_lowest_number(ctx, municipalities, clock):
    offer, taken, queue = _full_offer(municipalities, capacity=1, waiting=3, clock=clock)
    # The last row written came first (as after an import): its time decides, not its id.
    db.session.get(SignUp, queue[2]).created_at = db.session.get(SignUp, queue[0]).created_at - timedelta(hours=1)
    db.session.commit()
    signups.cancel(taken[0])
    db.session.expire_all()
    assert [_status(s) for s in queue] == ["waiting", "waiting", "confirmed"]


def test_raising_the_capacity_promotes_one_per_new_place(ctx, municipalities, clock):
    offer, _taken, queue = _full_offer(municipalities, capacity=1, waiting=4, clock=clock)
    with atomic():
        db.session.get(Offer, offer.id).capacity = 3
        signups.promote_waiting(offer.id)
    db.session.expire_all()
    assert [_status(s) for s in queue] == ["confirmed", "confirmed", "waiting", "waiting"]
    signups.promote_waiting(offer.id)  # nothing more is free: nobody else moves up
    db.session.expire_all()
    assert [_status(s) for s in queue] == ["confirmed", "confirmed", "waiting", "waiting"]
    promoted = db.session.scalars(select(SignUp.promoted_at).where(SignUp.id.in_(queue[:2]))).all()
    assert all(promoted)


def test_two_cancellations_at_the_same_moment_promote_two_different_people(app, ctx, municipalities, clock):
    """On PostgreSQL the two run truly at once; the offer's row lock makes them take turns."""
    offer, taken, queue = _full_offer(municipalities, capacity=2, waiting=3, clock=clock)
    db.session.remove()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(signup_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                signups.cancel(signup_id)
            except BaseException as exc:  # noqa: BLE001 (reported below)
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(s,)) for s in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [_status(s) for s in queue] == ["confirmed", "confirmed", "waiting"]
    assert [_status(s) for s in taken] == ["cancelled", "cancelled"]

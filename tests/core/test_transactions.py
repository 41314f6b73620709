"""The unit of work and the lock helper (webapp/transactions.py, webapp/locking.py)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.factories import make_municipality
from webapp.extensions import db
from webapp.locking import lock_rows
from webapp.municipalities.models import Municipality, Unit
from webapp.transactions import atomic, in_transaction


def unit_count(municipality_id: int) -> int:
    with db.engine.connect() as connection:  # what another request would see
        return connection.scalar(select(func.count()).select_from(Unit).where(Unit.municipality_id == municipality_id))


@atomic()
def add_unit(municipality_id: int, name: str) -> None:
    db.session.add(Unit(municipality_id=municipality_id, name=name, kind="care_home"))
    db.session.flush()


def test_the_outermost_block_commits_once_and_inner_blocks_join_it(ctx):
    m = make_municipality()
    with atomic():
        add_unit(m.id, "Ein")
        assert in_transaction() and unit_count(m.id) == 0  # the inner service did not commit
        add_unit(m.id, "To")
    assert not in_transaction() and unit_count(m.id) == 2


def test_an_error_anywhere_rolls_the_whole_action_back(ctx):
    m = make_municipality()
    with pytest.raises(ValueError), atomic():
        add_unit(m.id, "Ein")
        raise ValueError("the second step failed")
    assert unit_count(m.id) == 0 and not in_transaction()
    add_unit(m.id, "Etterpå")  # the session works again afterwards
    assert unit_count(m.id) == 1


def test_locked_check_then_write_lets_exactly_one_of_many_through(app, ctx):
    """Eight requests race to add the only unit a municipality may have; the lock lets one win."""
    municipality_id = make_municipality().id
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def race(n: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                with atomic():
                    lock_rows((Municipality, [municipality_id]))
                    if db.session.scalar(
                        select(func.count()).select_from(Unit).where(Unit.municipality_id == municipality_id)
                    ):
                        outcomes.append("full")
                        return
                    add_unit(municipality_id, f"Eining {n}")
                    outcomes.append("added")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added"] + ["full"] * 7
    assert unit_count(municipality_id) == 1


def test_rows_are_locked_in_one_order_whatever_order_they_are_asked_in(ctx):
    m, other = make_municipality(), make_municipality()
    with atomic():
        lock_rows((Unit, []), (Municipality, [other.id, m.id, m.id]))  # no error, no deadlock

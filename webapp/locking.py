"""One way to lock rows for the rest of a transaction, the same on PostgreSQL and SQLite.

Every writer of capacity, quota, closures, sign-ups and task assignment locks the rows its rule
reads before it checks the rule, so two requests can never both pass the same check. Rows are
locked in one fixed order (by table name, then id), so two writers never wait for each other in a
circle. A wait ends after `DATABASE_LOCK_TIMEOUT` seconds (shorter than the worker timeout) with an
OperationalError, which the app answers with 503 and Retry-After.

PostgreSQL: SELECT … FOR UPDATE under `SET LOCAL lock_timeout`. SQLite has one write lock for the
whole database: the first statement is a write, which takes that lock (waiting up to the busy
timeout) before the checks read, and holds it until the transaction ends."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from sqlalchemy import Select, select, text

from webapp.database import Base
from webapp.extensions import db

DEFAULT_TIMEOUT = 10  # seconds; gunicorn's default worker timeout is 30


def lock_timeout() -> float:
    return float(current_app.config.get("DATABASE_LOCK_TIMEOUT", DEFAULT_TIMEOUT))


def lock_rows(*groups: tuple[type[Base], Iterable[int]]) -> None:
    """Lock the rows of each model with these ids until the transaction ends."""
    targets = sorted(
        {(model.__table__.name, row_id, model) for model, ids in groups for row_id in ids if row_id is not None},
        key=lambda target: target[:2],
    )
    if not targets:
        return
    if db.session.get_bind().dialect.name == "sqlite":
        name, row_id, _ = targets[0]
        db.session.execute(text(f'UPDATE "{name}" SET id = id WHERE id = :id'), {"id": row_id})
        return
    db.session.execute(text(f"SET LOCAL lock_timeout = '{int(lock_timeout() * 1000)}ms'"))
    by_table: dict[str, tuple[type[Base], list[int]]] = {}
    for name, row_id, model in targets:
        by_table.setdefault(name, (model, []))[1].append(row_id)
    for model, ids in by_table.values():  # dicts keep insertion order: tables in name order
        db.session.execute(select(model.id).where(model.id.in_(ids)).order_by(model.id).with_for_update())  # type: ignore[attr-defined]


def skip_locked(query: Select[Any]) -> Select[Any]:
    """For a job that works through a queue: `query` takes only rows no other transaction holds
    and locks them until this one ends, so two runs at once never take the same row and never wait
    for each other. On SQLite the one write lock already keeps two runs apart, and this adds nothing."""
    return query.with_for_update(skip_locked=True)

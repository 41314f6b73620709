"""One user action, one transaction.

`atomic()` is the unit of work: used as a `with` block or as a decorator on a service function, it
commits once when the outermost block ends, or rolls everything back and re-raises. A service
called from inside another service's block joins that block instead of committing on its own, so
an action that calls several services (accept an offer = book + mark the offer taken; save an offer
with more places = save + promote from the waiting list) succeeds or fails as a whole.

Services never call `commit()` themselves. An error raised inside a block ends the whole action:
catching it and carrying on inside the same block is not supported (there are no savepoints)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from webapp.extensions import db

_DEPTH = "atomic_depth"


@contextmanager
def atomic() -> Iterator[None]:
    info = db.session.info
    depth = info.get(_DEPTH, 0)
    info[_DEPTH] = depth + 1
    try:
        yield
    except BaseException:
        if depth == 0:
            db.session.rollback()
        raise
    else:
        if depth == 0:
            try:
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
    finally:
        info[_DEPTH] = depth


def in_transaction() -> bool:
    """Whether an `atomic()` block is open (for services that must run inside one)."""
    return db.session.info.get(_DEPTH, 0) > 0


def discard() -> None:
    """Throw away what the session holds, outside any unit of work: after an error that ends the
    request (the error pages, the health check), or a write the database refused."""
    db.session.rollback()

"""With the database down or a lock held too long, pages answer 503 with Retry-After and a
translated page that needs no database, well before gunicorn would kill the worker."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from tests.conftest import free_port, is_postgres
from tests.factories import make_user
from webapp.extensions import db

UNREACHABLE = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing"


@pytest.fixture
def down(make_app):
    """The app as a worker runs it (errors are answered, not raised) with no database to reach."""
    return make_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE, PROPAGATE_EXCEPTIONS=False, DATABASE_WAIT_SECONDS=2)


@pytest.mark.parametrize(
    "path", ["/", "/oystre-slidre/", "/oystre-slidre/offers", "/oystre-slidre/respite/decisions/1"]
)
def test_pages_answer_503_with_retry_after_when_the_database_is_down(down, path):
    response = down.test_client().get(path, headers={"Accept-Language": "nn"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert "Tenesta er ikkje tilgjengeleg akkurat no" in page and 'lang="nn"' in page


def test_a_logged_in_person_gets_the_503_page_in_bokmal_by_default(down):
    client = down.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"  # loading the person (id:session version) needs the database
    response = client.post("/profile", data={"name": "Kari"})
    assert response.status_code == 503
    assert "Tjenesten er ikke tilgjengelig akkurat nå" in response.get_data(as_text=True)


def test_healthz_says_the_database_is_unreachable(down):
    response = down.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


@contextmanager
def table_locked(table: str) -> Iterator[None]:
    """Another connection holds a write lock on the table (SQLite: on the whole database)."""
    if is_postgres():
        with db.engine.connect() as connection:
            connection.execute(text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))
            try:
                yield
            finally:
                connection.rollback()
    else:
        connection = sqlite3.connect(db.engine.url.database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            connection.rollback()
            connection.close()


def test_a_lock_held_too_long_answers_503_instead_of_hanging(make_app, ctx):
    make_user(email="kari@example.no")
    worker = make_app(PROPAGATE_EXCEPTIONS=False, DATABASE_WAIT_SECONDS=0.5)
    with table_locked("outbox_messages"):
        response = worker.test_client().post("/forgot-password", data={"email": "kari@example.no"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    # With the lock gone the same request goes through.
    response = worker.test_client().post("/forgot-password", data={"email": "kari@example.no"})
    assert response.status_code == 200


def test_every_database_wait_is_bounded_below_the_worker_timeout(app):
    from webapp import config

    assert config.Config.DATABASE_WAIT_SECONDS < config.WORKER_TIMEOUT_SECONDS
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_timeout"] == config.Config.DATABASE_WAIT_SECONDS
    if is_postgres():
        assert options["connect_args"]["options"] == "-c lock_timeout=10000"
    else:
        assert options["connect_args"]["timeout"] == config.Config.DATABASE_WAIT_SECONDS

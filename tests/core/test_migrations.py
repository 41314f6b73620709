"""Migrations run up, down and up again, and leave the schema the models describe."""

from __future__ import annotations

import uuid

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from tests.conftest import is_postgres
from webapp import create_app
from webapp.extensions import db

MIGRATIONS = "migrations"


@pytest.fixture
def empty_database(tmp_path):
    if not is_postgres():
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    import os

    base = os.environ["TEST_DATABASE_URL"]
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def test_upgrade_downgrade_upgrade(empty_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "TESTING": True})
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="heads")
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "municipalities", "outbox_messages"} <= tables

        flask_migrate.downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

        flask_migrate.upgrade(directory=MIGRATIONS, revision="heads")
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        db.engine.dispose()

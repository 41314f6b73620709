"""Migration 0011 keeps every row: people, their roles, and the links they have used."""

from __future__ import annotations

import hashlib

import flask_migrate
from alembic.script import ScriptDirectory
from sqlalchemy import text

from tests.core.test_migrations import MIGRATIONS, empty_database  # noqa: F401 (a fixture)
from webapp import create_app
from webapp.extensions import db

REVISION = "0011_sessions"


def test_upgrade_and_downgrade_keep_the_rows(empty_database):  # noqa: F811
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "TESTING": True})
    with app.app_context():
        before = ScriptDirectory(f"{MIGRATIONS}").get_revision(REVISION).down_revision
        flask_migrate.upgrade(directory=MIGRATIONS, revision=before)
        digest = hashlib.sha256(b"a link used before").hexdigest()
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, email, password_hash, name, phone, created_at) "
                    "VALUES (1, 'ola@example.no', 'x', 'Ola', '', CURRENT_TIMESTAMP)"
                )
            )
            connection.execute(text("INSERT INTO role_grants (user_id, role) VALUES (1, 'citizen')"))
            connection.execute(
                text(
                    "INSERT INTO used_tokens (digest, purpose, used_at) "
                    "VALUES (:d, 'reset-password', CURRENT_TIMESTAMP)"
                ),
                {"d": digest},
            )

        flask_migrate.upgrade(directory=MIGRATIONS, revision=REVISION)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT email, session_version FROM users")).all() == [("ola@example.no", 1)]
            assert connection.execute(text("SELECT count(*) FROM role_grants")).scalar() == 1
            assert connection.execute(text("SELECT purpose, subject FROM used_tokens")).all() == [
                ("reset-password", digest)
            ]

        flask_migrate.downgrade(directory=MIGRATIONS, revision=before)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT email FROM users")).all() == [("ola@example.no",)]
            assert connection.execute(text("SELECT count(*) FROM role_grants")).scalar() == 1
            assert connection.execute(text("SELECT digest FROM used_tokens")).all() == [(digest,)]
        db.engine.dispose()

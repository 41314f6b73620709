"""The migrations create every CHECK constraint the models declare (the comparison of models and
migrations in test_migrations.py leaves CHECK constraints out)."""

from __future__ import annotations

import flask_migrate
from sqlalchemy import CheckConstraint, inspect

from tests.core.test_migrations import MIGRATIONS, empty_database  # noqa: F401  (a fixture)
from webapp import create_app
from webapp.extensions import db


def test_every_check_constraint_of_the_models_is_migrated(empty_database):  # noqa: F811
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "TESTING": True})
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="heads")
        inspector = inspect(db.engine)
        wanted = {
            (table.name, str(constraint.name))
            for table in db.metadata.sorted_tables
            for constraint in table.constraints
            if isinstance(constraint, CheckConstraint) and constraint.name
        }
        migrated = {
            (table, str(check["name"]))
            for table in {name for name, _ in wanted}
            for check in inspector.get_check_constraints(table)
        }
        db.engine.dispose()
    assert {"respite_units", "respite_applications", "respite_application_events"} <= {t for t, _ in wanted}
    assert wanted - migrated == set()

"""Fixtures for the core tests."""

from __future__ import annotations

import pytest

from tests.conftest import IsolatedClient
from webapp import create_app
from webapp.extensions import db, limiter


@pytest.fixture
def make_app(app):
    """Another app on the suite's database, as a second worker or another deployment would be."""
    made = []

    def make(**settings):
        other = create_app(
            {
                key: app.config[key]
                for key in (
                    "SECRET_KEY",
                    "SQLALCHEMY_DATABASE_URI",
                    "MAIL_SERVER",
                    "OUTBOX_SEND_AFTER_REQUEST",
                    "WTF_CSRF_ENABLED",
                    "ARGON2_TIME_COST",
                    "ARGON2_MEMORY_COST",
                    "ARGON2_PARALLELISM",
                    "PUBLIC_URL",
                )
            }
            | {"TESTING": True}
            | settings
        )
        other.test_client_class = IsolatedClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()
    limiter.init_app(app)  # the limiter is one object: give the suite's app its own storage back

"""Shared fixtures. The schema is created once per run; every test starts from empty tables.

Set TEST_DATABASE_URL to run the suite on PostgreSQL (tests/with_postgres.sh does so)."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from flask.globals import _cv_app, _cv_request
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.serving import make_server

from tests import routes as test_routes
from tests.clock import AWKWARD_MOMENTS, DEFAULT_MOMENT, Clock, as_utc
from tests.mail import SmtpSink
from tests.notifications.sms_server import SmsGatewayServer
from webapp import create_app
from webapp.extensions import db, limiter

pytest_plugins = ["tests.factories"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(tmp_dir: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.sqlite'}"


def is_postgres() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"))


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production, even when the test holds one.
    Objects the test loaded before a request may be stale after it: refresh or expire them."""

    def open(self, *args, **kwargs):
        app_token = _cv_app.set(None)  # type: ignore[arg-type]
        request_token = _cv_request.set(None)  # type: ignore[arg-type]
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_request.reset(request_token)
            _cv_app.reset(app_token)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `calendar_sweep` run once at each awkward moment of the calendar."""
    if metafunc.definition.get_closest_marker("calendar_sweep") and "moment" in metafunc.fixturenames:
        metafunc.parametrize("moment", list(AWKWARD_MOMENTS.values()), ids=list(AWKWARD_MOMENTS))


@pytest.fixture
def moment() -> datetime:
    """The moment the test runs at; a test overrides it to run at another."""
    return DEFAULT_MOMENT


@pytest.fixture(autouse=True)
def clock(moment: datetime) -> Iterator[Clock]:
    """Every test runs at a moment it names, never at the machine's date. The clock ticks on from
    there, so durations behave; `clock.set` and `clock.shift` move it."""
    with time_machine.travel(as_utc(moment), tick=True) as traveller:
        yield Clock(traveller)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory):
    url = database_url(tmp_path_factory.mktemp("db"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "SERVER_NAME": None,
            "PUBLIC_URL": "http://localhost",  # the test client's address: links in messages work
            "MAIL_SERVER": "",
            "OUTBOX_SEND_AFTER_REQUEST": False,
            "LOGIN_LIMIT": "1000 per minute",
            "LOGIN_CLIENT_LIMIT": "1000 per minute",
            "REGISTER_LIMIT": "1000 per minute",
            "REGISTER_ADDRESS_LIMIT": "1000 per minute",
            "WTF_CSRF_ENABLED": False,
            # Cheap hashing: a login costs milliseconds. Production keeps argon2's strength.
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
        }
    )
    app.test_client_class = IsolatedClient
    app.register_blueprint(test_routes.bp)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _empty_tables() -> None:
    from webapp.municipalities.services import clear_cache
    from webapp.offers.services import forget_catalogue_version

    clear_cache()
    forget_catalogue_version()
    db.session.remove()
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(autouse=True)
def _clean(request: pytest.FixtureRequest) -> Iterator[None]:
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        limiter.reset()
    yield
    with app.app_context():
        _empty_tables()


@pytest.fixture
def ctx(app):
    """An app context, with a request context so url_for and gettext work in services."""
    with app.test_request_context("/"):
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_app(app, monkeypatch):
    """The app with CSRF protection on, as in production."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    return app


@pytest.fixture
def smtp(app, monkeypatch) -> Iterator[SmtpSink]:
    """A real SMTP server on localhost; the app sends to it."""
    sink = SmtpSink(free_port())
    sink.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", sink.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    yield sink
    sink.stop()


@pytest.fixture
def gateway(app, monkeypatch):
    """A real SMS gateway (tests/notifications/sms_server.py) on localhost; the app sends to it."""
    server = SmsGatewayServer()
    server.start()
    monkeypatch.setitem(app.config, "SMS_GATEWAY", "http")
    monkeypatch.setitem(app.config, "SMS_GATEWAY_URL", server.url)
    monkeypatch.setitem(app.config, "SMS_GATEWAY_KEY", "hemmeleg-nøkkel")
    monkeypatch.setitem(app.config, "SMS_TIMEOUT", 3)
    yield server
    server.stop()


class LiveServer:
    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[LiveServer]:
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser_app(app, live_server, monkeypatch):
    """The app as the browser meets it: CSRF on, mail sent after each request."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    monkeypatch.setitem(app.config, "SERVER_NAME", None)
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_server.url)  # links in messages lead here
    # The server lives at the test's moment, the browser at the machine's: a cookie that expires
    # 31 days after the test's moment may be in the browser's past, so it gets a long life here.
    monkeypatch.setitem(app.config, "PERMANENT_SESSION_LIFETIME", timedelta(days=365 * 100))
    return app


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    args = dict(browser_type_launch_args)
    if Path(executable).exists():
        args["executable_path"] = executable
    args["args"] = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
    ]
    return args

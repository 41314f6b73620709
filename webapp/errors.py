"""Translated error pages in the person's chosen standard."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime

from flask import Flask, g, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, SecurityError

from webapp.clock import utcnow
from webapp.extensions import limiter, login_manager
from webapp.transactions import discard

KNOWN = {400, 403, 404, 405, 413, 429}
# The database is down, or a lock or a free connection did not come within DATABASE_WAIT_SECONDS.
DATABASE_UNAVAILABLE = (OperationalError, PoolTimeoutError)
RETRY_AFTER_SECONDS = 30


def _page(code: int):
    template = f"errors/{code}.html" if code in KNOWN | {500} else "errors/400.html"
    return render_template(template, code=code), code


def _too_many():
    """The limit that was hit says when it opens again: the page tells the person, and Retry-After
    tells programs."""
    hit = limiter.current_limit
    retry_at = datetime.fromtimestamp(hit.reset_at, UTC) if hit is not None and hit.breached else None
    headers = {"Retry-After": str(max(1, int((retry_at - utcnow()).total_seconds())))} if retry_at else {}
    return render_template("errors/429.html", code=429, retry_at=retry_at), 429, headers


def _database_unavailable():
    """503 with a page that asks nothing of the database: no person, no municipality loaded."""
    with suppress(SQLAlchemyError):
        discard()
    g._login_user = login_manager.anonymous_user()
    g.municipality = None
    return render_template("errors/503.html"), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # The Host is not one of ours (TRUSTED_HOSTS), so no link can be built: plain text.
        text = (
            _("We could not understand the request")
            + "\n\n"
            + _("Something in the address or the form was not as expected. Go back and try again.")
        )
        return text, 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 429:
            return _too_many()
        return _page(error.code)

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeoutError)
    def database_error(error: SQLAlchemyError):
        app.logger.warning("database unavailable: %s", error.__class__.__name__)
        return _database_unavailable()

    @app.errorhandler(500)
    def server_error(error: Exception):
        # A failure while matching the URL (a converter reads the database) arrives here wrapped.
        if isinstance(getattr(error, "original_exception", None), DATABASE_UNAVAILABLE):
            return _database_unavailable()
        discard()
        return _page(500)

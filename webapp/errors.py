"""Translated error pages in the person's chosen standard."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.clock import utcnow
from webapp.extensions import db, limiter

KNOWN = {400, 403, 404, 405, 413, 429}


def _page(code: int):
    template = f"errors/{code}.html" if code in KNOWN | {500} else "errors/400.html"
    return render_template(template, code=code), code


def _too_many():
    """The limit that was hit says when it opens again: the page tells the person, and Retry-After
    tells programs."""
    hit = limiter.current_limit
    retry_at = datetime.fromtimestamp(hit.reset_at, timezone.utc) if hit is not None and hit.breached else None
    headers = {"Retry-After": str(max(1, int((retry_at - utcnow()).total_seconds())))} if retry_at else {}
    return render_template("errors/429.html", code=429, retry_at=retry_at), 429, headers


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 429:
            return _too_many()
        return _page(error.code)

    @app.errorhandler(500)
    def server_error(error: Exception):
        db.session.rollback()
        return _page(500)

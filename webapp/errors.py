"""Translated error pages in the person's chosen standard."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.extensions import db

KNOWN = {400, 403, 404, 405, 413, 429}


def _page(code: int):
    template = f"errors/{code}.html" if code in KNOWN | {500} else "errors/400.html"
    return render_template(template, code=code), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return _page(error.code)

    @app.errorhandler(500)
    def server_error(error: Exception):
        db.session.rollback()
        return _page(500)

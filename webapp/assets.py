"""Static files and compression, for a slow rural line.

Static files get fingerprinted names and are compressed once by `flask digest compile` (run by
`make install`); WhiteNoise serves them before Flask sees the request, a fingerprinted name with a
year's immutable caching, so a repeat view asks for none of them. Pages and JSON are compressed per
response by Flask-Compress (brotli, else gzip)."""

from __future__ import annotations

import re

from flask import Flask, send_from_directory
from whitenoise import WhiteNoise

from webapp import security
from webapp.extensions import compress, static_digest

# Flask-Static-Digest names a file `name-<md5>.ext`.
FINGERPRINTED = re.compile(r"-[0-9a-f]{32}\.[^/]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
FAVICON_MAX_AGE = 24 * 3600


def _static_headers(app: Flask):
    """Static files skip Flask, so they get the security headers of a page here, once."""
    with app.test_request_context():
        page = security.add_headers(app.response_class())
    # Caching is WhiteNoise's to say for files (a page's no-store does not apply to them).
    fixed = {
        name: value
        for name, value in page.headers.items()
        if name not in {"Content-Type", "Content-Length", "Cache-Control"}
    }

    def add(headers, _path: str, url: str) -> None:
        for name, value in fixed.items():
            headers[name] = value
        if FINGERPRINTED.search(url):
            headers["Cache-Control"] = IMMUTABLE

    return add


def init_app(app: Flask) -> None:
    static_digest.init_app(app)
    compress.init_app(app)
    # Development re-reads the folder on each request, so an edited file shows at once.
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path,
        autorefresh=app.debug,
        allow_all_origins=False,
        add_headers_function=_static_headers(app),
    )

    @app.get("/favicon.ico")
    def favicon():
        # Pages link the fingerprinted SVG; this is for clients that ask the old way.
        return send_from_directory(app.static_folder, "favicon.ico", max_age=FAVICON_MAX_AGE)

"""The shipped nginx site (deploy/nginx-meistring.conf), run by Debian's nginx with a throw-away
certificate in front of gunicorn: fingerprinted static files with their long cache headers and
compressed, HSTS, and the client's own address passed on to the app."""

from __future__ import annotations

import http.client
import os
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import HAVE_NGINX, gunicorn, nginx_site

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not HAVE_NGINX, reason="nginx or openssl is not installed")


@pytest.fixture
def site(app, tmp_path) -> Iterator[int]:
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PUBLIC_URL": "https://localhost",
        "TRUSTED_PROXIES": "1",
        "METRICS_TOKEN": "",
        "METRICS_ALLOWED_ADDRESSES": "127.0.0.3",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with gunicorn(env, tmp_path) as app_port, nginx_site(tmp_path, [app_port]) as https_port:
        yield https_port


def get(port: int, path: str, source: str = "127.0.0.1", headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPSConnection(
        "localhost", port, timeout=10, context=ssl._create_unverified_context(), source_address=(source, 0)
    )
    connection.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_the_nginx_site_in_front_of_gunicorn(site):
    import json

    manifest = json.loads((ROOT / "static" / "cache_manifest.json").read_text())
    css = get(site, f"/static/{manifest['css/app.css']}")
    assert css.status == 200
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["Content-Encoding"] == "gzip"
    assert css.headers["Strict-Transport-Security"] == "max-age=31536000"

    page = get(site, "/")
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert page.headers["Content-Encoding"] == "gzip"
    assert page.headers["X-Request-Id"]

    # The app counts the client nginx saw, not nginx, and not an address the client claims.
    assert get(site, "/metrics", source="127.0.0.3").status == 200
    assert get(site, "/metrics", source="127.0.0.4").status == 404
    assert get(site, "/metrics", source="127.0.0.4", headers={"X-Forwarded-For": "127.0.0.3"}).status == 404

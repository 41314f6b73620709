"""The shipped nginx site (deploy/nginx-meistring.conf), run by Debian's nginx with a throw-away
certificate in front of gunicorn: fingerprinted static files with their long cache headers and
compressed, HSTS, and the client's own address passed on to the app."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists() or shutil.which("openssl") is None,
    reason="nginx or openssl is not installed",
)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TOKEN = "metrics-token-for-the-nginx-test"

WRAPPER = """user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def wait_for(url: str, process: subprocess.Popen, log: Path, context: ssl.SSLContext | None = None) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=2, context=context):
                return
        except OSError:
            if process.poll() is not None:
                pytest.fail(log.read_text())
            time.sleep(0.1)
    pytest.fail(f"{url} never answered")


@pytest.fixture
def site(app, tmp_path) -> Iterator[int]:
    app_port, https_port, http_port = free_port(), free_port(), free_port()
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
    gunicorn_log = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{app_port}"]
    with gunicorn_log.open("w") as output:
        gunicorn = subprocess.Popen(
            [*command, "--no-control-socket", "webapp:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    nginx = None
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz", gunicorn, gunicorn_log)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            + ["-subj", "/CN=localhost", "-days", "1", "-keyout", str(tmp_path / "key.pem")]
            + ["-out", str(tmp_path / "cert.pem")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        text = (ROOT / "deploy" / "nginx-meistring.conf").read_text()
        text = re.sub(r"\n\s*listen \[::\]:[^\n]*", "", text)
        text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        text = text.replace("meistring.kommune.example", "localhost")
        text = text.replace("/etc/ssl/meistring/fullchain.pem", str(tmp_path / "cert.pem"))
        text = text.replace("/etc/ssl/meistring/privkey.pem", str(tmp_path / "key.pem"))
        text = text.replace("/srv/meistring/static/", f"{ROOT}/static/")
        text = text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
        text = text.replace("allow 127.0.0.1;", "allow 127.0.0.0/8;")
        text = text.replace("shared:meistring:10m", "shared:meistring_test:1m")
        (tmp_path / "site.conf").write_text(text)
        (tmp_path / "nginx.conf").write_text(WRAPPER.format(tmp=tmp_path))
        checked = subprocess.run(
            [NGINX, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
        nginx_log = tmp_path / "error.log"
        nginx = subprocess.Popen(
            [NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        context = ssl._create_unverified_context()
        wait_for(f"https://localhost:{https_port}/healthz", nginx, nginx_log, context)
        yield https_port
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=30)
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


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

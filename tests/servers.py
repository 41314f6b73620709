"""Real servers the tests start and stop themselves: Redis, gunicorn and Debian's nginx with the
shipped site (deploy/nginx-meistring.conf) and a throw-away certificate."""

from __future__ import annotations

import re
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HAVE_REDIS = shutil.which("redis-server") is not None
HAVE_NGINX = Path(NGINX).exists() and shutil.which("openssl") is not None

NGINX_WRAPPER = """user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
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

# gunicorn, or a flask command, living at a given moment (time-machine, inherited by the workers
# gunicorn forks), so that a test's data and the servers agree on what "today" is.
AT_MOMENT = """import sys, datetime, time_machine
time_machine.travel(datetime.datetime.fromisoformat(sys.argv.pop(1)), tick=True).start()
sys.argv[0] = sys.argv.pop(1)
if sys.argv[0] == "gunicorn":
    from gunicorn.app.wsgiapp import run
else:
    from flask.cli import main as run
run()
"""


def wait_for(
    url: str, process: subprocess.Popen, log: Path, context: ssl.SSLContext | None = None, host: str | None = None
) -> None:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    for _ in range(300):
        try:
            with urllib.request.urlopen(request, timeout=2, context=context):
                return
        except OSError:
            if process.poll() is not None:
                pytest.fail(log.read_text())
            time.sleep(0.1)
    pytest.fail(f"{url} never answered")


def at_moment(moment_iso: str, program: str, *args: str) -> list[str]:
    """The command line that runs `program` ('gunicorn' or 'flask') with `args` at the moment."""
    return [sys.executable, "-c", AT_MOMENT, moment_iso, program, *args]


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A Redis server that lives inside the block; yields its URL."""
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def gunicorn(
    env: dict[str, str], folder: Path, *, workers: int = 1, moment_iso: str | None = None, host: str | None = None
) -> Iterator[int]:
    """The app on gunicorn inside the block; yields its port. Its output goes to folder/gunicorn.log.
    `host` is the name the app answers to, if not 127.0.0.1."""
    port = free_port()
    args = ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--no-control-socket", "webapp:create_app()"]
    command = at_moment(moment_iso, "gunicorn", *args) if moment_iso else [sys.executable, "-m", "gunicorn", *args]
    log = folder / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process, log, host=host)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def nginx_site(folder: Path, app_ports: Sequence[int]) -> Iterator[int]:
    """The shipped nginx site in front of the app servers on `app_ports`; yields its https port
    (host name localhost, self-signed certificate)."""
    https_port, http_port = free_port(), free_port()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-subj", "/CN=localhost", "-days", "1", "-keyout", str(folder / "key.pem")]
        + ["-out", str(folder / "cert.pem")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    text = (ROOT / "deploy" / "nginx-meistring.conf").read_text()
    text = re.sub(r"\n\s*listen \[::\]:[^\n]*", "", text)
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = text.replace("meistring.kommune.example", "localhost")
    text = text.replace("/etc/ssl/meistring/fullchain.pem", str(folder / "cert.pem"))
    text = text.replace("/etc/ssl/meistring/privkey.pem", str(folder / "key.pem"))
    text = text.replace("/srv/meistring/static/", f"{ROOT}/static/")
    servers = "\n    ".join(f"server 127.0.0.1:{port};" for port in app_ports)
    text = text.replace("server 127.0.0.1:8000;", servers)
    text = text.replace("allow 127.0.0.1;", "allow 127.0.0.0/8;")
    text = text.replace("shared:meistring:10m", f"shared:meistring_{https_port}:1m")
    (folder / "site.conf").write_text(text)
    (folder / "nginx.conf").write_text(NGINX_WRAPPER.format(tmp=folder))
    checked = subprocess.run(
        [NGINX, "-t", "-c", str(folder / "nginx.conf"), "-p", str(folder)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        context = ssl._create_unverified_context()
        wait_for(f"https://localhost:{https_port}/healthz", process, folder / "error.log", context)
        yield https_port
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def oidc_provider(script: str, *args: str) -> Iterator[str]:
    """A real OpenID Connect provider (npm oidc-provider, configured by tests/<script>) on a free
    loopback port, keeping the tests' clock; yields its issuer URL. `args` follow the port."""
    from tests.clock import DEFAULT_MOMENT, as_utc

    port = free_port()
    process = subprocess.Popen(
        ["node", str(ROOT / "tests" / script), str(port), *args, str(int(as_utc(DEFAULT_MOMENT).timestamp()))],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/.well-known/openid-configuration", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(
                        process.stdout.read().decode() if process.stdout else "provider exited"
                    ) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("the provider did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)

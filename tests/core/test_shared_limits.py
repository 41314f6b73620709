"""Rate limits count across workers when they share storage (RATELIMIT_STORAGE_URI=redis://…):
attempts in one process count against the same client in another."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import HAVE_REDIS, redis_server

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not HAVE_REDIS, reason="redis-server is not installed")


@pytest.fixture
def redis_uri(tmp_path) -> Iterator[str]:
    with redis_server(tmp_path) as url:
        yield url


OTHER_WORKER = """if True:
    import sys
    from webapp import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": sys.argv[1], "RATELIMIT_STORAGE_URI": sys.argv[2],
                      "LOGIN_CLIENT_LIMIT": "3 per minute", "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8,
                      "ARGON2_PARALLELISM": 1})
    client = app.test_client()
    for n in range(2):
        print(client.post("/login", data={"email": f"other{n}@example.no", "password": "feil passord!"}).status_code)
"""


def test_attempts_in_one_worker_count_in_another(make_app, app, ctx, redis_uri):
    worker = make_app(RATELIMIT_STORAGE_URI=redis_uri, LOGIN_CLIENT_LIMIT="3 per minute")
    client = worker.test_client()
    for n in range(2):
        response = client.post("/login", data={"email": f"first{n}@example.no", "password": "feil passord!"})
        assert response.status_code == 400
    other = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, app.config["SQLALCHEMY_DATABASE_URI"], redis_uri],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore"},
    )
    assert other.returncode == 0, other.stderr[-2000:]
    assert other.stdout.split() == ["400", "429"]  # the third attempt from this client, in any worker

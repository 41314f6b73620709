"""Under gunicorn with several workers, /metrics adds up every worker's counts
(PROMETHEUS_MULTIPROC_DIR, as the web unit in deploy/ sets it) and each request logs one JSON line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-token-for-the-gunicorn-test"


@pytest.fixture
def gunicorn(app, tmp_path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PUBLIC_URL": base,
        "METRICS_TOKEN": TOKEN,
        "REQUEST_LOG": "1",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    command += ["--no-control-socket", "webapp:create_app()"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(log.read_text())
                time.sleep(0.1)
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def healthz_count(base: str) -> float:
    request = urllib.request.Request(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
    for line in text.splitlines():
        if line.startswith('webapp_requests_total{method="GET",route="/healthz",status="200"}'):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_add_up_every_worker_and_each_request_logs_one_line(gunicorn):
    base, log = gunicorn
    before = healthz_count(base)  # the start-up probe may have landed in either worker
    for _ in range(20):
        with urllib.request.urlopen(f"{base}/healthz?email=kari@example.no", timeout=10) as response:
            assert response.status == 200
    counts = {healthz_count(base) for _ in range(6)}
    assert counts == {before + 20}
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    healthz = [line for line in lines if line["route"] == "/healthz"]
    assert len(healthz) == before + 20
    assert "kari@example.no" not in log.read_text()

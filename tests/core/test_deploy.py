"""The files in deploy/ fit the app: the units run commands that exist, every timer has its
service, the environment template names only settings the app reads, and the nginx site serves the
fingerprinted files the app writes with long caching, HSTS and the proxy headers."""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text().replace("\\\n", " "))
    return parser


def test_every_timer_starts_a_service_that_exists():
    timers = sorted(DEPLOY.glob("*.timer"))
    assert {t.stem for t in timers} == {"meistring-outbox", "meistring-hourly", "meistring-daily"}
    for timer in timers:
        assert (DEPLOY / f"{timer.stem}.service").exists()
        assert unit(timer)["Timer"]["OnCalendar"]
    assert unit(DEPLOY / "meistring-outbox.timer")["Timer"]["OnCalendar"] == "*-*-* *:*:00"  # each minute
    assert unit(DEPLOY / "meistring-hourly.timer")["Timer"]["OnCalendar"] == "hourly"


@pytest.mark.parametrize("name", sorted(p.name for p in DEPLOY.glob("*.service")))
def test_the_flask_commands_of_each_unit_exist(app, name):
    service = unit(DEPLOY / name)["Service"]
    # A oneshot unit may run several commands, one ExecStart line each (configparser keeps the last).
    text = (DEPLOY / name).read_text().replace("\\\n", " ")
    commands = re.findall(r"^ExecStart(?:Pre)?=(.*)$", text, re.MULTILINE)
    assert commands
    env = {**os.environ, "FLASK_APP": "webapp", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    for command in commands:
        words = shlex.split(command)
        assert words[0].startswith("/srv/meistring/.venv/bin/")
        if words[0].endswith("/flask"):
            flask = [sys.executable, "-m", "flask", *words[1:], "--help"]
            result = subprocess.run(flask, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, (command, result.stdout, result.stderr)
        else:
            assert words[0].endswith("/gunicorn") and words[-1] == "webapp:create_app()"
    assert service["EnvironmentFile"] == "/etc/meistring/meistring.env"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_reads_the_units(tmp_path):
    for path in [*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")]:
        shutil.copy(path, tmp_path)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # The release is not installed here: only the missing programs may be reported.
    problems = [line for line in result.stderr.splitlines() if line and "is not executable" not in line]
    assert problems == []


def test_the_environment_template_names_only_settings_the_app_reads():
    config = (ROOT / "webapp" / "config.py").read_text()
    names = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "meistring.env").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    ]
    assert {"APP_ENV", "SECRET_KEY", "PUBLIC_URL", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "TRUSTED_PROXIES"} <= set(
        names
    )
    for name in names:
        assert name in {"APP_ENV", "FLASK_APP"} or f'"{name}"' in config, name


def test_the_nginx_site_caches_fingerprinted_files_sets_hsts_and_passes_the_client():
    site = (DEPLOY / "nginx-meistring.conf").read_text()
    pattern = re.search(r'location ~ "\^/static/\((.+)\)\$"', site)
    assert pattern is not None
    fingerprinted = re.compile(pattern.group(1) + "$")
    manifest = json.loads((ROOT / "static" / "cache_manifest.json").read_text())
    for plain, digested in manifest.items():
        assert fingerprinted.match(digested), digested
        assert not fingerprinted.match(plain), plain
    assert 'add_header Cache-Control "public, max-age=31536000, immutable" always;' in site
    assert site.count('add_header Strict-Transport-Security "max-age=31536000" always;') == 2  # server and static
    for header in ("Host $host", "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme"):
        assert f"proxy_set_header {header};" in site
    assert "return 301 https://$host$request_uri;" in site

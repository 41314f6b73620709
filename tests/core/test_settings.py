"""Production settings fail closed: no start without a strong key, the public address and shared
rate-limit storage; `flask check` says what is wrong; demo data never loads in production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from webapp import config
from webapp.accounts.services import find_by_email

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = secrets.token_urlsafe(48)
GOOD = {
    "APP_ENV": "production",
    "SECRET_KEY": STRONG_KEY,
    "PUBLIC_URL": "https://meistring.kommune.example",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
    "MAIL_SERVER": "smtp.kommune.example",
    "SMS_GATEWAY": "http",
    "DATABASE_URL": "postgresql+psycopg://meistring@db.kommune.example/meistring",
}
SETTINGS = {*GOOD, "TRUSTED_HOSTS", "TRUSTED_PROXIES", "TEST_DATABASE_URL"}


def run(tmp_path: Path, settings: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """A fresh process that reads its settings from the environment, as gunicorn or cron would."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS} | settings
    env |= {"FLASK_APP": "webapp", "PYTHONWARNINGS": "ignore"}
    if args[0] == "-c":  # the app starts: give it a database it can reach
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'app.sqlite'}"
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


START = ("-c", "from webapp import create_app; create_app(); print('started')")


@pytest.mark.parametrize(
    "missing, key, says",
    [
        ("SECRET_KEY", None, "SECRET_KEY is not set"),
        ("SECRET_KEY", config.DEVELOPMENT_SECRET_KEY, "SECRET_KEY is the public development value"),
        ("SECRET_KEY", "short-key", "shorter than 32"),
        ("PUBLIC_URL", None, "PUBLIC_URL is not set"),
        ("PUBLIC_URL", "http://meistring.kommune.example", "PUBLIC_URL must be an https:// address"),
        ("RATELIMIT_STORAGE_URI", None, "RATELIMIT_STORAGE_URI is memory://"),
    ],
)
def test_production_refuses_to_start_on_unsafe_settings(tmp_path, missing, key, says):
    settings = {k: v for k, v in GOOD.items() if k != missing} | ({missing: key} if key else {})
    result = run(tmp_path, settings, *START)
    assert result.returncode != 0 and "started" not in result.stdout
    assert "Refusing to start in production" in result.stderr and says in result.stderr


def test_production_starts_with_good_settings_sends_hsts_and_trusts_only_its_host(tmp_path):
    result = run(
        tmp_path,
        GOOD,
        "-c",
        """if True:
        from webapp import create_app
        client = create_app().test_client()
        ours = client.get("/healthz", base_url="https://meistring.kommune.example")
        print(ours.status_code, ours.headers["Strict-Transport-Security"])
        print(client.get("/healthz", base_url="https://evil.example").status_code)""",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["200 max-age=31536000", "400"]


def test_flask_check_names_each_problem_even_when_the_app_will_not_start(tmp_path):
    result = run(tmp_path, {"APP_ENV": "production"}, "-m", "flask", "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for setting in ("SECRET_KEY", "PUBLIC_URL", "RATELIMIT_STORAGE_URI"):
        assert any(line.startswith(f"error: {setting} ") for line in lines), lines
    for setting in ("MAIL_SERVER", "SMS_GATEWAY", "DATABASE_URL"):
        assert any(line.startswith(f"warning: {setting} ") for line in lines), lines


def test_flask_check_passes_good_settings(tmp_path):
    result = run(tmp_path, GOOD, "-m", "flask", "check")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert result.stdout.splitlines() == ["The settings are fit for production."]


def test_flask_check_in_development_says_it_is_not_production(tmp_path):
    result = run(tmp_path, {"APP_ENV": "development"}, "-m", "flask", "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("error: APP_ENV is not 'production'")
    assert "error: SECRET_KEY is the public development value" in result.stdout


def test_demo_data_is_never_loaded_in_production(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert "never loaded in production" in result.output
    assert find_by_email("admin@demo.example") is None


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers

"""Settings, read from the environment. SQLite under instance/ unless DATABASE_URL says otherwise."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'webapp.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ("nb", "nn")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # no time limits on forms; the token lives as long as the session
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT = os.environ.get("LOGIN_LIMIT", "10 per minute")

    # Password hashing cost (argon2id). The defaults are argon2-cffi's recommended strength.
    ARGON2_TIME_COST = int(os.environ.get("ARGON2_TIME_COST", "3"))
    ARGON2_MEMORY_COST = int(os.environ.get("ARGON2_MEMORY_COST", "65536"))  # KiB
    ARGON2_PARALLELISM = int(os.environ.get("ARGON2_PARALLELISM", "4"))

    # Mail. With no MAIL_SERVER, messages are written to the log instead of sent.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_FROM = os.environ.get("MAIL_FROM", "Meistring <ikkje-svar@kommune.example>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    OUTBOX_SEND_AFTER_REQUEST = _bool("OUTBOX_SEND_AFTER_REQUEST", False)

    # SMS: "console" writes to the log; "http" posts to SMS_GATEWAY_URL with SMS_GATEWAY_KEY.
    SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "console")
    SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
    SMS_GATEWAY_KEY = os.environ.get("SMS_GATEWAY_KEY", "")
    SMS_SENDER = os.environ.get("SMS_SENDER", "Kommunen")
    SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))

    # The address people reach the service at, for links in messages sent from cron.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")

    # Static files: fingerprinted and compressed once by `flask digest compile` (make install).
    FLASK_STATIC_DIGEST_COMPRESSION = ["gzip", "brotli"]
    # Pages, JSON and calendars: compressed per response when the browser asks.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = ["text/html", "application/json", "text/calendar", "text/csv", "text/plain",
                          "image/svg+xml"]

    CONFIRM_MAX_AGE = 3 * 24 * 3600
    RESET_MAX_AGE = 3600


class DevelopmentConfig(Config):
    OUTBOX_SEND_AFTER_REQUEST = _bool("OUTBOX_SEND_AFTER_REQUEST", True)


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


def from_environment() -> type[Config]:
    env = os.environ.get("APP_ENV", "development").lower()
    return ProductionConfig if env == "production" else DevelopmentConfig

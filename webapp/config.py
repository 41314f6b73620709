"""Settings, read from the environment. SQLite under instance/ unless DATABASE_URL says otherwise.

In production the app refuses to start on settings that would make it unsafe (`problems`), and
`flask check` prints every problem and warning without starting it."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"
MIN_SECRET_KEY_LENGTH = 32
WORKER_TIMEOUT_SECONDS = 30  # gunicorn's default --timeout, which README's command keeps


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _names(name: str) -> list[str] | None:
    value = os.environ.get(name, "")
    return [part.strip() for part in value.split(",") if part.strip()] or None


def _levels_by_municipality(name: str) -> dict[str, str]:
    """`slug=level,slug=level` as a mapping."""
    pairs = (part.partition("=") for part in os.environ.get(name, "").split(","))
    return {slug.strip(): level.strip() for slug, _, level in pairs if slug.strip()}


class Config:
    APP_ENV = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'webapp.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Seconds a request waits for a lock, a pooled connection or a new connection before it is
    # answered 503; well below the worker timeout, so no worker is killed mid-request.
    DATABASE_WAIT_SECONDS = float(os.environ.get("DATABASE_WAIT_SECONDS", "10"))

    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ("nb", "nn")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A session ends after this long without a request (checked on the server, see
    # accounts.sessions), shorter for staff, who see other people's data; and always this long
    # after logging in.
    SESSION_IDLE_STAFF = timedelta(minutes=int(os.environ.get("SESSION_IDLE_STAFF_MINUTES", "30")))
    SESSION_IDLE = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "240")))
    SESSION_MAX_AGE = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # no time limits on forms; the token lives as long as the session
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    # While the shared storage is unreachable each worker counts on its own, rather than failing.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Wrong passwords are counted per client address and e-mail, so nobody elsewhere can lock the
    # owner out; the looser per-client limit stops one client from trying many addresses.
    LOGIN_LIMIT = os.environ.get("LOGIN_LIMIT", "10 per minute")
    LOGIN_CLIENT_LIMIT = os.environ.get("LOGIN_CLIENT_LIMIT", "30 per minute")
    REGISTER_LIMIT = os.environ.get("REGISTER_LIMIT", "20 per hour")  # per client
    REGISTER_ADDRESS_LIMIT = os.environ.get("REGISTER_ADDRESS_LIMIT", "5 per hour")
    # Sign-ups for offers: attempts from one client; sign-ups without an account per offer from one
    # client, and per offer from everyone.
    OFFER_SIGNUP_LIMIT = os.environ.get("OFFER_SIGNUP_LIMIT", "20 per hour")
    OFFER_SIGNUP_LIMIT_PER_OFFER = os.environ.get("OFFER_SIGNUP_LIMIT_PER_OFFER", "3 per hour")
    OFFER_SIGNUP_LIMIT_OFFER_TOTAL = os.environ.get("OFFER_SIGNUP_LIMIT_OFFER_TOTAL", "10 per hour")
    # Feedback on accessibility, which anyone may send without an account: messages from one client.
    ACCESSIBILITY_FEEDBACK_LIMIT = os.environ.get("ACCESSIBILITY_FEEDBACK_LIMIT", "5 per hour")
    # Items per page of the OpenActive RPDE feeds (/<municipality>/openactive/...).
    RPDE_PAGE_SIZE = int(os.environ.get("RPDE_PAGE_SIZE", "500"))

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
    # A message that keeps failing is given up on (shown to administrators) after this many tries
    # or this many days, whichever comes first.
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "30"))
    OUTBOX_DEAD_AFTER_DAYS = float(os.environ.get("OUTBOX_DEAD_AFTER_DAYS", "3"))

    # SMS: "console" writes to the log; "http" posts to SMS_GATEWAY_URL with SMS_GATEWAY_KEY.
    SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "console")
    SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
    SMS_GATEWAY_KEY = os.environ.get("SMS_GATEWAY_KEY", "")

    # ID-porten (OpenID Connect). With no issuer, logging in with ID-porten is off. The identity
    # number is kept only as an HMAC with IDPORTEN_PID_SECRET; the levels are what anything
    # personal, and respite and applications, need (a municipality may ask for more).
    IDPORTEN_ISSUER = os.environ.get("IDPORTEN_ISSUER", "")
    IDPORTEN_CLIENT_ID = os.environ.get("IDPORTEN_CLIENT_ID", "")
    IDPORTEN_CLIENT_SECRET = os.environ.get("IDPORTEN_CLIENT_SECRET", "")
    IDPORTEN_PID_SECRET = os.environ.get("IDPORTEN_PID_SECRET", "")
    IDPORTEN_LEVEL_PERSONAL = os.environ.get("IDPORTEN_LEVEL_PERSONAL", "idporten-loa-substantial")
    IDPORTEN_LEVEL_RESPITE = os.environ.get("IDPORTEN_LEVEL_RESPITE", "idporten-loa-high")
    # A municipality's own choice, as `slug=level,slug=level`.
    IDPORTEN_LEVEL_PERSONAL_BY_MUNICIPALITY = _levels_by_municipality("IDPORTEN_LEVEL_PERSONAL_BY_MUNICIPALITY")
    IDPORTEN_LEVEL_RESPITE_BY_MUNICIPALITY = _levels_by_municipality("IDPORTEN_LEVEL_RESPITE_BY_MUNICIPALITY")
    # How many working days the allocation office expects to take over an application for
    # respite: told on the receipt, in its message and on Mine sider. A municipality's own as
    # `slug=days,slug=days`.
    RESPITE_PROCESSING_DAYS = os.environ.get("RESPITE_PROCESSING_DAYS", "10")
    RESPITE_PROCESSING_DAYS_BY_MUNICIPALITY = _levels_by_municipality("RESPITE_PROCESSING_DAYS_BY_MUNICIPALITY")
    # "Logg inn for tilsette": each municipality's own OpenID Connect provider for staff, as JSON
    # {"<municipality slug>": {"issuer", "client_id", "client_secret", "mfa", "email_claim"}} (see
    # webapp.accounts.staff_login). Empty: staff log in with e-mail and password only.
    STAFF_PROVIDERS = os.environ.get("STAFF_PROVIDERS", "")
    SMS_SENDER = os.environ.get("SMS_SENDER", "Kommunen")
    SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))

    # The address people reach the service at. Every absolute link (in messages, feeds, posters)
    # is built from it, never from the request's Host header.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Host names a request may be addressed to; others get 400. Unset: the host of PUBLIC_URL
    # (and, in development, localhost).
    TRUSTED_HOSTS = _names("TRUSTED_HOSTS")
    # How many proxies in front of the app set X-Forwarded-For and X-Forwarded-Proto. 0 trusts
    # no forwarded header, so a client cannot choose the address that rate limits count.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    HSTS = ""  # Strict-Transport-Security, sent in production

    # One JSON line per request on standard error (request id, route, status, duration).
    REQUEST_LOG = _bool("REQUEST_LOG", False)
    # /metrics answers a bearer token or these addresses or networks (after TRUSTED_PROXIES);
    # with neither it answers nobody (404).
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    METRICS_ALLOWED_ADDRESSES = _names("METRICS_ALLOWED_ADDRESSES")

    # Staff reads of respite data are logged; each entry is kept this long from the read, even
    # after the decision it was about is erased, so a person can still be told who read it.
    READ_LOG_RETENTION_YEARS = int(os.environ.get("READ_LOG_RETENTION_YEARS", "10"))

    # Static files: fingerprinted and compressed once by `flask digest compile` (make install).
    FLASK_STATIC_DIGEST_COMPRESSION = ["gzip", "brotli"]
    # Pages, JSON and calendars: compressed per response when the browser asks.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = ["text/html", "application/json", "text/calendar", "text/csv", "text/plain", "image/svg+xml"]

    CONFIRM_MAX_AGE = 3 * 24 * 3600
    RESET_MAX_AGE = 3600
    # Mail someone else may have asked for goes to an address at most once in this time.
    REGISTERED_NOTICE_INTERVAL = timedelta(hours=6)
    RESET_NOTICE_INTERVAL = timedelta(minutes=1)


class DevelopmentConfig(Config):
    OUTBOX_SEND_AFTER_REQUEST = _bool("OUTBOX_SEND_AFTER_REQUEST", True)


class ProductionConfig(Config):
    APP_ENV = "production"
    # No fallbacks: a missing key or address stops the app instead of running with a public one.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = "max-age=31536000"
    REQUEST_LOG = _bool("REQUEST_LOG", True)


def from_environment() -> type[Config]:
    env = os.environ.get("APP_ENV", "development").lower()
    return ProductionConfig if env == "production" else DevelopmentConfig


def trusted_hosts(config: Mapping[str, Any]) -> list[str]:
    """TRUSTED_HOSTS as set, else the host of PUBLIC_URL (and localhost while developing)."""
    if config.get("TRUSTED_HOSTS"):
        return list(config["TRUSTED_HOSTS"])
    hosts = [urlsplit(config.get("PUBLIC_URL") or "").hostname or ""]
    if config.get("APP_ENV") != "production":
        hosts += ["localhost", "127.0.0.1"]
    return [host for host in hosts if host]


IDPORTEN_LEVELS = ("idporten-loa-substantial", "idporten-loa-high")


def _idporten_problems(config: Mapping[str, Any]) -> list[Problem]:
    issuer = config.get("IDPORTEN_ISSUER") or ""
    if not issuer:
        return []
    found: list[Problem] = []
    if urlsplit(issuer).scheme != "https":
        found.append(Problem("IDPORTEN_ISSUER", "must be an https:// address, e.g. https://test.idporten.no"))
    for name in ("IDPORTEN_CLIENT_ID", "IDPORTEN_CLIENT_SECRET"):
        if not config.get(name):
            found.append(Problem(name, "is not set, but IDPORTEN_ISSUER is"))
    if len(config.get("IDPORTEN_PID_SECRET") or "") < MIN_SECRET_KEY_LENGTH:
        found.append(
            Problem(
                "IDPORTEN_PID_SECRET",
                f"is not set or shorter than {MIN_SECRET_KEY_LENGTH} characters; it keys the hash of identity "
                "numbers and must never change once people have logged in",
            )
        )
    for name in ("IDPORTEN_LEVEL_PERSONAL", "IDPORTEN_LEVEL_RESPITE"):
        if config.get(name) not in IDPORTEN_LEVELS:
            found.append(Problem(name, f"must be one of {', '.join(IDPORTEN_LEVELS)}"))
    for name in ("IDPORTEN_LEVEL_PERSONAL_BY_MUNICIPALITY", "IDPORTEN_LEVEL_RESPITE_BY_MUNICIPALITY"):
        if any(level not in IDPORTEN_LEVELS for level in (config.get(name) or {}).values()):
            found.append(Problem(name, f"each level must be one of {', '.join(IDPORTEN_LEVELS)}"))
    if config.get("IDPORTEN_LEVEL_PERSONAL") == "idporten-loa-high" and config.get("IDPORTEN_LEVEL_RESPITE") != (
        "idporten-loa-high"
    ):
        found.append(Problem("IDPORTEN_LEVEL_RESPITE", "must be at least IDPORTEN_LEVEL_PERSONAL"))
    return found


def staff_providers(value: object) -> dict[str, dict[str, str]]:
    """STAFF_PROVIDERS as set (JSON text, or already a mapping): municipality slug → issuer,
    client_id, client_secret, mfa, email_claim. ValueError says what is wrong."""
    if not value:
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise ValueError(f"is not JSON: {error.msg}") from error
    if not isinstance(value, Mapping):
        raise ValueError("must be a JSON object from municipality slug to its provider")
    found = {}
    for slug, entry in value.items():
        if not isinstance(entry, Mapping):
            raise ValueError(f"{slug}: must be an object with issuer, client_id and client_secret")
        missing = [key for key in ("issuer", "client_id", "client_secret") if not entry.get(key)]
        if missing or not all(isinstance(entry[key], str) for key in ("issuer", "client_id", "client_secret")):
            raise ValueError(f"{slug}: {', '.join(missing) or 'issuer, client_id and client_secret'} not set as text")
        if urlsplit(entry["issuer"]).scheme not in {"https", "http"}:  # http only on loopback in tests
            raise ValueError(f"{slug}: issuer must be an https:// address")
        found[str(slug)] = {
            "issuer": entry["issuer"],
            "client_id": entry["client_id"],
            "client_secret": entry["client_secret"],
            "mfa": str(entry.get("mfa") or "mfa"),
            "email_claim": str(entry.get("email_claim") or "email"),
        }
    return found


def _staff_provider_problems(config: Mapping[str, Any]) -> list[Problem]:
    try:
        providers = staff_providers(config.get("STAFF_PROVIDERS"))
    except ValueError as error:
        return [Problem("STAFF_PROVIDERS", str(error))]
    return [
        Problem("STAFF_PROVIDERS", f"{slug}: issuer must be an https:// address")
        for slug, entry in providers.items()
        if urlsplit(entry["issuer"]).scheme != "https"
    ]


@dataclass(frozen=True)
class Problem:
    setting: str
    message: str
    fatal: bool = True  # the app refuses to start in production; else only `flask check` warns


def problems(config: Mapping[str, Any]) -> list[Problem]:
    """What is missing or unsafe for production in these settings."""
    found: list[Problem] = []
    if config.get("APP_ENV") != "production":
        found.append(
            Problem(
                "APP_ENV",
                "is not 'production': cookies are sent without Secure, and the development defaults below are allowed",
            )
        )
    key = config.get("SECRET_KEY") or ""
    if not key:
        found.append(Problem("SECRET_KEY", "is not set; it signs sessions and links"))
    elif key == DEVELOPMENT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        found.append(
            Problem(
                "SECRET_KEY",
                f"is the public development value or shorter than "
                f"{MIN_SECRET_KEY_LENGTH} characters; make one with "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'",
            )
        )
    found.extend(_public_url_problems(config.get("PUBLIC_URL") or ""))
    found.extend(_idporten_problems(config))
    found.extend(_staff_provider_problems(config))
    if float(config.get("DATABASE_WAIT_SECONDS", 0)) >= WORKER_TIMEOUT_SECONDS:
        found.append(
            Problem(
                "DATABASE_WAIT_SECONDS",
                f"must be below gunicorn's worker timeout ({WORKER_TIMEOUT_SECONDS} s), or a wait kills the worker",
            )
        )
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        found.append(
            Problem(
                "RATELIMIT_STORAGE_URI",
                "is memory://: each worker counts attempts on its own; use shared storage such as redis://",
            )
        )
    if not config.get("MAIL_SERVER"):
        found.append(Problem("MAIL_SERVER", "is not set: e-mail is written to the log, not sent", fatal=False))
    if config.get("SMS_GATEWAY", "console") == "console":
        found.append(Problem("SMS_GATEWAY", "is console: SMS is written to the log, not sent", fatal=False))
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        found.append(Problem("DATABASE_URL", "is SQLite; production runs on PostgreSQL", fatal=False))
    return found


def _public_url_problems(url: str) -> list[Problem]:
    if not url:
        return [Problem("PUBLIC_URL", "is not set; every link in e-mail and SMS is built from it")]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        return [
            Problem(
                "PUBLIC_URL",
                f"must be an https:// address without query, like https://meistring.kommune.no (now {url!r})",
            )
        ]
    return []

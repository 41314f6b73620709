"""Password hashing (argon2) and the rules a new password must meet.

The hasher's cost comes from the settings (`ARGON2_TIME_COST`, `ARGON2_MEMORY_COST`,
`ARGON2_PARALLELISM`); the defaults are argon2's own recommended strength, which production keeps.
Tests choose cheap parameters so a login costs milliseconds."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 128
DEFAULT_COST = PasswordHasher()  # argon2-cffi's RFC 9106 low-memory profile


@cache
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> tuple[PasswordHasher, str]:
    """The hasher for these costs and a hash made with it. Verifying against that hash keeps a
    login for an unknown address as slow as one for a known address."""
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher, hasher.hash("no account has this password")


def hasher() -> tuple[PasswordHasher, str]:
    config = current_app.config if has_app_context() else {}
    return _hasher(
        int(config.get("ARGON2_TIME_COST", DEFAULT_COST.time_cost)),
        int(config.get("ARGON2_MEMORY_COST", DEFAULT_COST.memory_cost)),
        int(config.get("ARGON2_PARALLELISM", DEFAULT_COST.parallelism)),
    )


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text("utf-8").splitlines() if line.strip())


def hash_password(password: str) -> str:
    return hasher()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    argon, dummy_hash = hasher()
    try:
        return argon.verify(password_hash or dummy_hash, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, email: str = "") -> str | None:
    """A translated reason the password is too weak, or None."""
    if len(password) < MIN_LENGTH:
        return str(_l("The password must have at least %(n)d characters.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("The password can have at most %(n)d characters.", n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or (email and lowered == email.lower()):
        return str(_l("This password is too common and easy to guess. Choose another."))
    return None

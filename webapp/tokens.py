"""Signed links: bound to a purpose, expiring, and usable once."""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from webapp.database import Base, utcnow
from webapp.extensions import db


class UsedToken(Base):
    __tablename__ = "used_tokens"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40))
    used_at: Mapped[datetime] = mapped_column(default=utcnow)


class TokenError(Exception):
    """The link is not valid: tampered, for another purpose, expired or used."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "invalid", "expired" or "used"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"link:{purpose}")


def make_token(purpose: str, data: Any) -> str:
    return _serializer(purpose).dumps(data)


def read_token(purpose: str, token: str, max_age: int) -> Any:
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError("expired") from exc
    except BadSignature as exc:
        raise TokenError("invalid") from exc


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_used(token: str) -> bool:
    return db.session.get(UsedToken, _digest(token)) is not None


def peek_token(purpose: str, token: str, max_age: int) -> Any:
    """Read a single-use token without using it; a used one is refused like an expired one."""
    data = read_token(purpose, token, max_age)
    if is_used(token):
        raise TokenError("used")
    return data


def consume_token(purpose: str, token: str, max_age: int) -> Any:
    """Read a single-use token and mark it used in the caller's transaction."""
    data = read_token(purpose, token, max_age)
    if is_used(token):
        raise TokenError("used")
    db.session.add(UsedToken(digest=_digest(token), purpose=purpose))
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same link used twice at once
        db.session.rollback()
        raise TokenError("used") from exc
    return data

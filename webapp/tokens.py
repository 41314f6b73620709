"""Signed links: bound to a purpose, expiring, and usable once.

A used link is recorded by what it means (its purpose, what it is about, and when it was issued),
not by its text: base64 lets the same signature be spelled in more than one way, and every
spelling of a used link must count as used."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from webapp.database import Base, utcnow
from webapp.extensions import db
from webapp.transactions import discard


class UsedToken(Base):
    __tablename__ = "used_tokens"

    purpose: Mapped[str] = mapped_column(String(40), primary_key=True)
    # A digest of the link's data, so an e-mail address in a link is not kept readable here.
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(primary_key=True)
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


def _read(purpose: str, token: str, max_age: int) -> tuple[Any, datetime]:
    try:
        return _serializer(purpose).loads(token, max_age=max_age, return_timestamp=True)
    except SignatureExpired as exc:
        raise TokenError("expired") from exc
    except BadSignature as exc:
        raise TokenError("invalid") from exc


def read_token(purpose: str, token: str, max_age: int) -> Any:
    return _read(purpose, token, max_age)[0]


def _meaning(purpose: str, data: Any, issued_at: datetime) -> UsedToken:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return UsedToken(purpose=purpose, subject=hashlib.sha256(canonical.encode()).hexdigest(), issued_at=issued_at)


def _is_used(meaning: UsedToken, token: str) -> bool:
    if db.session.get(UsedToken, (meaning.purpose, meaning.subject, meaning.issued_at)) is not None:
        return True
    # Links used before migration 0011 were recorded by a digest of their text. Drop this when
    # every link issued before it has expired (the longest, an offer's cancel link, after 366 days).
    legacy = hashlib.sha256(token.encode()).hexdigest()
    return (
        db.session.scalar(
            select(UsedToken.subject).where(UsedToken.purpose == meaning.purpose, UsedToken.subject == legacy).limit(1)
        )
        is not None
    )


def peek_token(purpose: str, token: str, max_age: int) -> Any:
    """Read a single-use token without using it; a used one is refused like an expired one."""
    data, issued_at = _read(purpose, token, max_age)
    if _is_used(_meaning(purpose, data, issued_at), token):
        raise TokenError("used")
    return data


def consume_token(purpose: str, token: str, max_age: int) -> Any:
    """Read a single-use token and mark it used in the caller's transaction."""
    data, issued_at = _read(purpose, token, max_age)
    meaning = _meaning(purpose, data, issued_at)
    if _is_used(meaning, token):
        raise TokenError("used")
    db.session.add(meaning)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same link used twice at once
        discard()
        raise TokenError("used") from exc
    return data

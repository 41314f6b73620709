"""Registration, confirmation, login, password reset and profile: the rules live here."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import lazyload

from webapp import personal_data, tokens
from webapp.accounts.models import AddressNotice, Role, RoleGrant, User
from webapp.accounts.passwords import hash_password, password_problem, verify_password
from webapp.database import utcnow
from webapp.extensions import db
from webapp.navigation import external_url, safe_path
from webapp.notifications.services import queue_email, render_email
from webapp.transactions import atomic

CONFIRM = "confirm-email"
RESET = "reset-password"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class AccountError(Exception):
    """A rule was broken; the message is translated and safe to show."""


class WrongPassword(AccountError):
    """The current password, asked for before a change, was wrong."""

    def __init__(self) -> None:
        super().__init__(str(_l("The password is wrong.")))


@dataclass
class ProfileData:
    name: str
    phone: str
    locale: str
    home_municipality_id: int | None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def find_by_email(email: str) -> User | None:
    # Roles load only when asked for: a known address costs no more queries than an unknown one.
    return db.session.scalar(
        select(User).options(lazyload(User.grants)).where(func.lower(User.email) == normalise_email(email))
    )


def _external(endpoint: str, **values: Any) -> str:
    return external_url(endpoint, **values)


def _microseconds(moment: datetime | None) -> int:
    """A moment as a whole number, to put in a link and compare exactly later."""
    return (moment - EPOCH) // timedelta(microseconds=1) if moment else 0


def _send_confirmation(user: User, address: str, next_path: str | None = None) -> None:
    """The link carries the page the person was on (`next`, checked again at every step), so
    confirming and logging in take them back to it."""
    data: dict[str, Any] = {"id": user.id, "email": address}
    if address != user.email:  # a change of address: only the link for the latest request works
        data["at"] = _microseconds(user.pending_email_at)
    token = tokens.make_token(CONFIRM, data)
    link = _external("accounts.confirm", token=token, next=safe_path(next_path))
    queue_email(address, "confirm", user.locale or "nb", user=user, link=link)


def end_sessions(user: User) -> None:
    """End every session of the person (the caller keeps the current one if it should go on)."""
    user.session_version += 1


@atomic()
def log_out_everywhere(user: User) -> None:
    end_sessions(user)


def _address_digest(address: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_email(address).encode(), hashlib.sha256).hexdigest()


def _may_notify(kind: str, address: str, interval: timedelta) -> bool:
    """Note that mail of this kind is due to the address; False if one went within the interval.
    Does the same work for an address with or without an account. Two requests at once: the
    database lets only one of them in."""
    now = utcnow()
    db.session.execute(delete(AddressNotice).where(AddressNotice.kind == kind, AddressNotice.sent_at <= now - interval))
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    inserted = db.session.execute(
        dialect.insert(AddressNotice)
        .values(kind=kind, address_digest=_address_digest(address), sent_at=now)
        .on_conflict_do_nothing()
        .returning(AddressNotice.kind)
    )
    return inserted.first() is not None


@atomic()
def register(
    *,
    email: str,
    password: str,
    name: str,
    locale: str,
    home_municipality_id: int | None,
    next_path: str | None = None,
) -> User | None:
    """Create an account and send a confirmation link. If the address is taken, the owner gets a
    notice instead, and the caller shows the same page either way, so nobody learns who has an
    account. Returns the new user, or None when the address was taken."""
    email = normalise_email(email)
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    password_hash = hash_password(password)  # also for a taken address: the same work either way
    existing = find_by_email(email)
    if existing is not None:
        if _may_notify("registered", email, current_app.config["REGISTERED_NOTICE_INTERVAL"]):
            queue_email(
                existing.email,
                "already_registered",
                existing.locale or locale,
                user=existing,
                link=_external("accounts.forgot_password"),
            )
        return None
    user = User(
        email=email,
        password_hash=password_hash,
        name=name.strip(),
        locale=locale,
        home_municipality_id=home_municipality_id,
    )
    user.grants.append(RoleGrant(role=Role.CITIZEN))
    db.session.add(user)
    db.session.flush()
    _send_confirmation(user, email, next_path)
    return user


@atomic()
def confirm_email(token: str) -> User:
    try:
        data = tokens.consume_token(CONFIRM, token, current_app.config["CONFIRM_MAX_AGE"])
    except tokens.TokenError as exc:
        raise AccountError(_token_message(exc.reason)) from exc
    user = get_user(int(data.get("id", 0))) if isinstance(data, dict) else None
    if user is None or not user.is_active:
        raise AccountError(str(_l("The link is not valid.")))
    address = str(data.get("email", ""))
    if address != user.email:
        if address != user.pending_email or data.get("at") != _microseconds(user.pending_email_at):
            raise AccountError(
                str(
                    _l(
                        "This link no longer works: the change was cancelled, or we have sent a newer "
                        "link. Use the link in the latest e-mail."
                    )
                )
            )
        if find_by_email(address) is not None:
            raise AccountError(str(_l("That e-mail address is already in use.")))
        user.email = address
        user.pending_email = user.pending_email_at = None
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    return user


def _token_message(reason: str) -> str:
    if reason == "expired":
        return str(_l("The link has expired. Ask for a new one."))
    if reason == "used":
        return str(_l("The link has already been used."))
    return str(_l("The link is not valid."))


def authenticate(email: str, password: str) -> User | None:
    """The user if the address and password match an active account, else None (same work done
    either way)."""
    user = find_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        return None
    return user


@atomic()
def resend_confirmation(user: User, next_path: str | None = None) -> None:
    _send_confirmation(user, user.email, next_path)


def _reset_data(user: User) -> dict[str, int]:
    """What a reset link says: whose password, and when it was last set. Setting it again (by this
    link or any other way) makes every earlier link void."""
    return {"id": user.id or 0, "p": _microseconds(user.password_changed_at)}


@atomic()
def request_password_reset(email: str) -> None:
    """Send a reset link if the address has an account. Says nothing about whether it has, and
    does the same work either way, so the answer takes as long."""
    user = find_by_email(email)
    if user is not None and not user.is_active:
        user = None
    address = user.email if user else normalise_email(email)
    may_send = _may_notify("reset", address, current_app.config["RESET_NOTICE_INTERVAL"])
    subject = user or User(id=0, email=address, name="")
    link = _external("accounts.reset_password", token=tokens.make_token(RESET, _reset_data(subject)))
    if user is not None and may_send:
        queue_email(user.email, "reset", user.locale or "nb", user=user, link=link)
    else:
        render_email("reset", "nb", user=subject, link=link)


def check_reset_token(token: str) -> User:
    try:
        data = tokens.peek_token(RESET, token, current_app.config["RESET_MAX_AGE"])
    except tokens.TokenError as exc:
        raise AccountError(_token_message(exc.reason)) from exc
    user = get_user(int(data.get("id", 0))) if isinstance(data, dict) else None
    if user is None or not user.is_active or data != _reset_data(user):
        raise AccountError(_token_message("used"))
    return user


@atomic()
def reset_password(token: str, password: str) -> User:
    user = check_reset_token(token)
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    try:
        tokens.consume_token(RESET, token, current_app.config["RESET_MAX_AGE"])
    except tokens.TokenError as exc:
        raise AccountError(_token_message(exc.reason)) from exc
    _set_password(user, password)
    # The reset is how an owner takes the account back: a change of address someone else asked
    # for is cancelled too.
    user.pending_email = user.pending_email_at = None
    # Following the link proves the address is theirs.
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    return user


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_sessions(user)


def _check_password(user: User, password: str) -> None:
    if not verify_password(user.password_hash, password):
        raise WrongPassword()


@atomic()
def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password; the current one is asked for. Every other session ends."""
    _check_password(user, current_password)
    problem = password_problem(new_password, user.email)
    if problem:
        raise AccountError(problem)
    _set_password(user, new_password)


@atomic()
def request_email_change(user: User, current_password: str, email: str) -> None:
    """Ask for a new address; the current password is asked for. The change takes effect when the
    link sent to the new address is followed, and only the link for the latest request works. The
    old address is told, and every other session ends."""
    _check_password(user, current_password)
    new_email = normalise_email(email)
    if new_email == user.email:
        raise AccountError(str(_l("This is the address you have now.")))
    user.pending_email, user.pending_email_at = new_email, utcnow()
    # A taken address gets nothing, and the person sees the same page: nobody learns who has an account.
    if find_by_email(new_email) is None:
        _send_confirmation(user, new_email)
    queue_email(
        user.email,
        "email_change",
        user.locale or "nb",
        user=user,
        new_email=new_email,
        link=_external("accounts.forgot_password"),
    )
    end_sessions(user)


@atomic()
def set_locale(user: User, locale: str) -> None:
    user.locale = locale


@atomic()
def update_profile(user: User, data: ProfileData) -> None:
    """Save the profile (the e-mail address changes by `request_email_change`)."""
    user.name = data.name.strip()
    user.phone = data.phone.strip()
    user.locale = data.locale
    user.home_municipality_id = data.home_municipality_id


def export_data(user: User) -> str:
    """Everything the service holds about the person, every domain's part, as JSON."""
    return json.dumps(personal_data.export(user), ensure_ascii=False, indent=2)


def erase_account(user: User) -> None:
    """Erase or anonymise the person in every domain, then the account itself (one transaction):
    it can no longer log in and nothing names the person but what the law keeps."""
    personal_data.erase(user)


def grant_role(user: User, role: Role, municipality_id: int | None = None) -> None:
    if not any(g.role == role and g.municipality_id == municipality_id for g in user.grants):
        user.grants.append(RoleGrant(role=role, municipality_id=municipality_id))
    db.session.flush()

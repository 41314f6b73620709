"""Registration, confirmation, login, password reset and profile: the rules live here."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp import personal_data, tokens
from webapp.accounts.models import Role, RoleGrant, User
from webapp.accounts.passwords import hash_password, password_problem, verify_password
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.services import queue_email

CONFIRM = "confirm-email"
RESET = "reset-password"


class AccountError(Exception):
    """A rule was broken; the message is translated and safe to show."""


@dataclass
class ProfileData:
    name: str
    phone: str
    email: str
    locale: str
    home_municipality_id: int | None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def _external(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, _external=True, **values)


def _send_confirmation(user: User, address: str) -> None:
    token = tokens.make_token(CONFIRM, {"id": user.id, "email": address})
    queue_email(address, "confirm", user.locale or "nb", user=user,
                link=_external("accounts.confirm", token=token))


def register(
    *, email: str, password: str, name: str, locale: str, home_municipality_id: int | None
) -> User | None:
    """Create an account and send a confirmation link. If the address is taken, the owner gets a
    notice instead, and the caller shows the same page either way, so nobody learns who has an
    account. Returns the new user, or None when the address was taken."""
    email = normalise_email(email)
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    existing = find_by_email(email)
    if existing is not None:
        queue_email(existing.email, "already_registered", existing.locale or locale,
                    user=existing, link=_external("accounts.forgot_password"))
        db.session.commit()
        return None
    user = User(email=email, password_hash=hash_password(password), name=name.strip(),
                locale=locale, home_municipality_id=home_municipality_id)
    user.grants.append(RoleGrant(role=Role.CITIZEN))
    db.session.add(user)
    db.session.flush()
    _send_confirmation(user, email)
    db.session.commit()
    return user


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
        if find_by_email(address) is not None:
            db.session.rollback()
            raise AccountError(str(_l("That e-mail address is already in use.")))
        user.email = address
        user.pending_email = None
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
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


def resend_confirmation(user: User) -> None:
    _send_confirmation(user, user.email)
    db.session.commit()


def request_password_reset(email: str) -> None:
    """Send a reset link if the address has an account. Says nothing about whether it has."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    token = tokens.make_token(RESET, {"id": user.id, "h": user.password_hash[-16:]})
    queue_email(user.email, "reset", user.locale or "nb", user=user,
                link=_external("accounts.reset_password", token=token))
    db.session.commit()


def check_reset_token(token: str) -> User:
    try:
        data = tokens.peek_token(RESET, token, current_app.config["RESET_MAX_AGE"])
    except tokens.TokenError as exc:
        raise AccountError(_token_message(exc.reason)) from exc
    user = get_user(int(data.get("id", 0))) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("h"):
        raise AccountError(_token_message("used"))
    return user


def reset_password(token: str, password: str) -> User:
    user = check_reset_token(token)
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    try:
        tokens.consume_token(RESET, token, current_app.config["RESET_MAX_AGE"])
    except tokens.TokenError as exc:
        raise AccountError(_token_message(exc.reason)) from exc
    user.password_hash = hash_password(password)
    # Following the link proves the address is theirs.
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
    return user


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()


def update_profile(user: User, data: ProfileData) -> bool:
    """Save the profile. A new e-mail address takes effect when confirmed from that address.
    Returns True when a confirmation was sent to a new address."""
    user.name = data.name.strip()
    user.phone = data.phone.strip()
    user.locale = data.locale
    user.home_municipality_id = data.home_municipality_id
    new_email = normalise_email(data.email)
    sent = False
    if new_email != user.email:
        user.pending_email = new_email
        if find_by_email(new_email) is None:
            _send_confirmation(user, new_email)
        sent = True
    db.session.commit()
    return sent


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

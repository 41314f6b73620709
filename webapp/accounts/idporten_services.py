"""Logging in with ID-porten: who the person is, the level each page needs, and the sessions the
provider's logout ends.

The identity number (`pid`) goes no further than `person_key`: only its keyed hash is stored,
compared or passed on."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from webapp.accounts import idporten
from webapp.accounts.models import IdportenSession, Role, RoleGrant, User
from webapp.accounts.services import end_sessions, find_by_email, normalise_email
from webapp.database import utcnow
from webapp.extensions import db
from webapp.transactions import atomic

PERSONAL = "personal"
RESPITE = "respite"
KINDS = (PERSONAL, RESPITE)
_providers: dict[tuple[str, str], tuple[idporten.Provider, idporten.ProviderKeys]] = {}
_providers_lock = threading.Lock()


class IdportenError(Exception):
    """The login cannot go on; the message is translated and safe to show."""


def configured() -> bool:
    return bool(current_app.config.get("IDPORTEN_ISSUER"))


def provider() -> tuple[idporten.Provider, idporten.ProviderKeys]:
    """The provider from its discovery document, and its keys; fetched once per process."""
    config = current_app.config
    key = (config["IDPORTEN_ISSUER"], config["IDPORTEN_CLIENT_ID"])
    with _providers_lock:
        found = _providers.get(key)
    if found is None:
        found_provider = idporten.Provider.discover(*key, config["IDPORTEN_CLIENT_SECRET"])
        found = (found_provider, idporten.ProviderKeys(found_provider.jwks_uri))
        with _providers_lock:
            _providers[key] = found
    return found


def level_for(kind: str, municipality_slug: str | None = None) -> str:
    """The assurance level `kind` (PERSONAL or RESPITE) needs in the municipality: its own choice
    from IDPORTEN_LEVEL_*_BY_MUNICIPALITY, else the general one; never below the personal level."""
    config = current_app.config
    personal = _level(
        config["IDPORTEN_LEVEL_PERSONAL"], config["IDPORTEN_LEVEL_PERSONAL_BY_MUNICIPALITY"], municipality_slug
    )
    if kind == PERSONAL:
        return personal
    respite = _level(
        config["IDPORTEN_LEVEL_RESPITE"], config["IDPORTEN_LEVEL_RESPITE_BY_MUNICIPALITY"], municipality_slug
    )
    return max(personal, respite, key=idporten.level_rank)


def _level(general: str, by_municipality: dict[str, str], slug: str | None) -> str:
    level = by_municipality.get(slug or "", general)
    return level if level in idporten.LEVELS else idporten.HIGH  # a level mistyped asks for the most


def person_key(pid: str) -> str:
    return idporten.pid_hash(pid, current_app.config["IDPORTEN_PID_SECRET"])


def find_by_person(key: str) -> User | None:
    return db.session.scalar(select(User).where(User.pid_hash == key))


@dataclass(frozen=True)
class LoggedIn:
    user: User
    created: bool

    @property
    def needs_contact(self) -> bool:
        """We have no way to reach the person: ask for an e-mail address or a phone number."""
        return not self.user.email and not self.user.phone


@atomic()
def log_in(claims: dict[str, object], current: User | None = None) -> LoggedIn:
    """The account of the person the validated ID token names: theirs from an earlier login; the
    account they are logged in to now, which is linked to them; or a new one."""
    pid = claims.get("pid")
    if not isinstance(pid, str) or not pid.strip():
        raise IdportenError(str(_l("ID-porten did not tell us who you are. Try again.")))
    key = person_key(pid)
    known = find_by_person(key)
    if current is not None and current.is_authenticated:
        if known is not None and known.id != current.id:
            raise IdportenError(
                str(_l("This ID-porten login belongs to another account here. Log out, then log in with ID-porten."))
            )
        if current.pid_hash is not None and current.pid_hash != key:
            raise IdportenError(str(_l("Your account is linked to another person's ID-porten login.")))
        current.pid_hash = key
        return LoggedIn(current, created=False)
    if known is not None:
        if not known.is_active:
            raise IdportenError(str(_l("This account is erased.")))
        return LoggedIn(known, created=False)
    user = User(email=None, password_hash="!", name="", pid_hash=key, locale=_locale(claims))
    user.grants.append(RoleGrant(role=Role.CITIZEN))
    db.session.add(user)
    db.session.flush()
    return LoggedIn(user, created=True)


def _locale(claims: dict[str, object]) -> str | None:
    locale = claims.get("locale")
    return locale if locale in ("nb", "nn") else None


@atomic()
def save_contact(user: User, *, name: str, email: str, phone: str) -> None:
    """How to reach a person who came with ID-porten and nothing else. The address is theirs to
    confirm by the link we send, as at registration."""
    from webapp.accounts.services import _send_confirmation

    email = normalise_email(email)
    if not email and not phone.strip():
        raise IdportenError(str(_l("Write an e-mail address or a mobile phone number, so we can reach you.")))
    if email and email != user.email:
        owner = find_by_email(email)
        if owner is not None and owner.id != user.id:
            raise IdportenError(
                str(
                    _l(
                        "This e-mail address belongs to another account. Log in with it and its password, "
                        "then link ID-porten from your profile."
                    )
                )
            )
        user.email = email
        user.email_confirmed_at = None
        _send_confirmation(user, email)
    user.name = name.strip()
    user.phone = phone.strip()


@atomic()
def remember_session(user: User, sid: object) -> None:
    """The provider's session id, for its front-channel logout."""
    if not isinstance(sid, str) or not sid or len(sid) > 255:
        return
    found = db.session.get(IdportenSession, sid)
    if found is None:
        db.session.add(IdportenSession(sid=sid, user_id=user.id, started_at=utcnow()))
    else:
        found.user_id, found.started_at = user.id, utcnow()
    # A session older than the longest any session lives cannot be ended any more than it has.
    old = utcnow() - current_app.config["SESSION_MAX_AGE"] - timedelta(hours=1)
    db.session.execute(delete(IdportenSession).where(IdportenSession.started_at < old))


@atomic()
def forget_session(sid: object) -> None:
    if isinstance(sid, str) and sid:
        db.session.execute(delete(IdportenSession).where(IdportenSession.sid == sid))


@atomic()
def end_by_provider(sid: str) -> bool:
    """The provider's session `sid` has ended: so does every session of its person here."""
    found = db.session.get(IdportenSession, sid) if sid and len(sid) <= 255 else None
    if found is None:
        return False
    user = db.session.get(User, found.user_id)
    if user is not None:
        end_sessions(user)
    db.session.delete(found)
    return True


def account_for_person(pid: str, name: str) -> User:
    """The account of the person with this identity number, made now (no e-mail, no password) if
    they have none: when they log in with ID-porten they are in it at once. In the caller's
    transaction."""
    key = person_key(pid)
    user = find_by_person(key)
    if user is None:
        user = User(email=None, password_hash="!", name=name.strip(), pid_hash=key)
        user.grants.append(RoleGrant(role=Role.CITIZEN))
        db.session.add(user)
        db.session.flush()
    return user


def can_register_people() -> bool:
    """Identity numbers can be turned into keyed hashes (IDPORTEN_PID_SECRET is set)."""
    return bool(current_app.config.get("IDPORTEN_PID_SECRET"))

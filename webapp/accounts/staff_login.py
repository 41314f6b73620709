""" "Logg inn for tilsette": staff log in through their municipality's own OpenID Connect provider
(Entra ID and similar). The provider says who the person is; the roles are still the ones granted
here. A staff member who holds a role that reads health data must have logged in with two factors:
the provider's `amr` claim must contain `mfa` (or the value configured for that provider).

The providers are in the setting STAFF_PROVIDERS, a JSON object from municipality slug to
{"issuer", "client_id", "client_secret", optionally "mfa" (default "mfa") and "email_claim"
(default "email")}. The flow (PKCE, state, nonce, ID token checks, keys with rotation) is
webapp.accounts.idporten's, without ID-porten's assurance levels."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from webapp.accounts import idporten
from webapp.accounts.models import STAFF_ROLES, Role, StaffIdentity, User
from webapp.config import staff_providers
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.transactions import atomic

# Roles whose pages show health data (respite, applications, the person cared for).
HEALTH_ROLES = frozenset({Role.ALLOCATION_OFFICER, Role.UNIT_STAFF, Role.ADMINISTRATOR})
SCOPE = "openid email profile"


class StaffLoginError(Exception):
    """The login cannot go on; `reason` says which page to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StaffProvider:
    slug: str  # the municipality's
    issuer: str
    client_id: str
    client_secret: str
    mfa: str = "mfa"
    email_claim: str = "email"


def configured(config: Mapping[str, Any]) -> dict[str, StaffProvider]:
    """The providers in the settings; none when the setting cannot be read (`flask check` says why)."""
    try:
        providers = staff_providers(config.get("STAFF_PROVIDERS"))
    except ValueError:
        return {}
    return {slug: StaffProvider(slug=slug, **entry) for slug, entry in providers.items()}


_discovered: dict[tuple[str, str], idporten.Provider] = {}
_keys: dict[str, idporten.ProviderKeys] = {}
_lock = threading.Lock()


def discover(staff: StaffProvider) -> tuple[idporten.Provider, idporten.ProviderKeys]:
    """The provider's endpoints and keys, fetched once per process (keys again when they rotate)."""
    with _lock:
        provider = _discovered.get((staff.issuer, staff.client_id))
    if provider is None:
        try:
            provider = idporten.Provider.discover(staff.issuer, staff.client_id, staff.client_secret)
        except (OSError, ValueError, KeyError) as error:
            raise StaffLoginError("failed") from error
        except idporten.IdTokenError as error:
            raise StaffLoginError("failed") from error
        with _lock:
            _discovered[(staff.issuer, staff.client_id)] = provider
            _keys.setdefault(provider.jwks_uri, idporten.ProviderKeys(provider.jwks_uri))
    with _lock:
        return provider, _keys[provider.jwks_uri]


def has_mfa(claims: Mapping[str, Any], staff: StaffProvider) -> bool:
    amr = claims.get("amr")
    values = amr if isinstance(amr, list) else [amr] if isinstance(amr, str) else []
    return staff.mfa in values


def needs_mfa(user: User) -> bool:
    """Whether any role the person holds, anywhere, reads health data."""
    return any(grant.role in HEALTH_ROLES for grant in user.grants)


def _is_staff_of(user: User, municipality: Municipality) -> bool:
    return user.is_active and any(
        grant.role in STAFF_ROLES and grant.municipality_id == municipality.id for grant in user.grants
    )


def match(claims: Mapping[str, Any], staff: StaffProvider, municipality: Municipality) -> User:
    """Our account for the person the provider vouches for: by the subject kept from an earlier
    login, else by the e-mail claim. Only someone granted a staff role in this municipality is
    let in (a role granted everywhere is not the municipality's to vouch for); raises
    StaffLoginError("unknown") otherwise, and StaffLoginError("mfa") when a role that reads health
    data meets a login without two factors. Keeps the subject on the first login."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise StaffLoginError("failed")
    identity = db.session.scalar(
        select(StaffIdentity).where(StaffIdentity.issuer == staff.issuer, StaffIdentity.subject == subject)
    )
    user = db.session.get(User, identity.user_id) if identity else None
    if user is None:
        email = claims.get(staff.email_claim)
        if isinstance(email, str) and email.strip():
            user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not _is_staff_of(user, municipality):
        raise StaffLoginError("unknown")
    if needs_mfa(user) and not has_mfa(claims, staff):
        raise StaffLoginError("mfa")
    if identity is None:
        with atomic():
            db.session.add(StaffIdentity(user_id=user.id, issuer=staff.issuer, subject=subject))
    return user


def identities_of(user: User) -> list[StaffIdentity]:
    return list(db.session.scalars(select(StaffIdentity).where(StaffIdentity.user_id == user.id)))

"""The account's part of what the service holds about a person (see `webapp.personal_data`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from webapp.accounts.models import IdportenSession, User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.personal_data import Part, Traces


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "phone": user.phone,
        "locale": user.locale,
        "home_municipality": user.home_municipality.name if user.home_municipality else None,
        "email_confirmed_at": _iso(user.email_confirmed_at),
        # Only a keyed hash of the identity number is kept, which says nothing to anyone without
        # the key: the export says whether ID-porten is linked, never the hash.
        "idporten_linked": user.pid_hash is not None,
        "created_at": _iso(user.created_at),
        "roles": [
            {"role": g.role, "municipality": g.municipality.name if g.municipality else None} for g in user.grants
        ],
    }


def traces(user: User) -> list[str]:
    return [user.name, user.email or "", user.pending_email or "", user.phone]


def erase(user: User, _traces: Traces) -> None:
    """The account can no longer log in and no longer names the person. The row stays, so what
    the law keeps (a decision's relatives, who read a record) points at nobody."""
    user.email = f"erased-{user.id}@invalid"
    user.name = ""
    user.phone = ""
    user.pending_email = None
    user.password_hash = "!"
    user.pid_hash = None  # the person is no longer recognised at an ID-porten login
    user.erased_at = utcnow()
    user.session_version += 1  # every session of the person ends
    user.grants.clear()
    db.session.execute(delete(IdportenSession).where(IdportenSession.user_id == user.id))


PART = Part(
    "account",
    export=export,
    erase=erase,
    traces=traces,
    tables=("users", "role_grants", "idporten_sessions"),
    not_personal={
        "address_notices": "When mail last went to an address, kept only as a keyed "
        "digest of the address; rows pass after a few hours."
    },
)

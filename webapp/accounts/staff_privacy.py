"""The staff login's and help by phone's part of what the service holds about a person (see
`webapp.personal_data`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from webapp.accounts.models import AssistedAction, StaffIdentity, User
from webapp.extensions import db
from webapp.personal_data import Part, Traces


def export(user: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(select(StaffIdentity).where(StaffIdentity.user_id == user.id).order_by(StaffIdentity.id))
    return [{"issuer": row.issuer, "subject": row.subject, "created_at": row.created_at.isoformat()} for row in rows]


def erase(user: User, _traces: Traces) -> None:
    db.session.execute(delete(StaffIdentity).where(StaffIdentity.user_id == user.id))
    db.session.execute(delete(AssistedAction).where(AssistedAction.person_id == user.id))


# What a member of staff did for others stays with those people (the staff member's name goes with
# their account's erasure); only the person's own rows go.
PART = Part("login_and_help", export=export, erase=erase, tables=("staff_identities", "assisted_actions"))

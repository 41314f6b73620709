"""Who holds a role that gives access to other people's data, and taking it away. Roles are read
from the database on every request, so a role taken away is gone from the person's next page."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from webapp.accounts.models import Role, RoleGrant, User
from webapp.accounts.services import AccountError, find_by_email
from webapp.accounts.signals import role_revoked
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.transactions import atomic

# Roles that open other people's data or the municipality's content. Citizens, volunteers and
# relatives reach only their own, through what they signed up for or were granted in a decision.
ACCESS_ROLES = (Role.ADMINISTRATOR, Role.ALLOCATION_OFFICER, Role.UNIT_STAFF, Role.VOLUNTEER_COORDINATOR, Role.EDITOR)


class GrantNotFound(AccountError):
    pass


@dataclass(frozen=True)
class Revoked:
    user: User
    role: Role
    municipality: Municipality | None


def is_global_administrator(user: User) -> bool:
    return any(g.role == Role.ADMINISTRATOR and g.municipality_id is None for g in user.grants)


def access_grants(search: str = "") -> list[RoleGrant]:
    """Every grant of an access role to an account that is not erased, by name; `search` narrows
    to names or e-mail addresses that contain it."""
    query = (
        select(RoleGrant)
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role.in_([r.value for r in ACCESS_ROLES]), User.erased_at.is_(None))
        .order_by(func.lower(User.name), User.id, RoleGrant.role, RoleGrant.municipality_id)
    )
    if search.strip():
        pattern = search.strip().lower()
        query = query.where(
            or_(
                func.lower(User.name).contains(pattern, autoescape=True),
                func.lower(User.email).contains(pattern, autoescape=True),
            )
        )
    return list(db.session.scalars(query))


def _revoke(grant: RoleGrant) -> Revoked:
    if grant.role == Role.ADMINISTRATOR and grant.municipality_id is None:
        others = db.session.scalar(
            select(func.count(RoleGrant.id))
            .join(User, User.id == RoleGrant.user_id)
            .where(
                RoleGrant.role == Role.ADMINISTRATOR,
                RoleGrant.municipality_id.is_(None),
                RoleGrant.id != grant.id,
                User.erased_at.is_(None),
            )
        )
        if not others:
            raise AccountError(str(_l("There must always be at least one administrator.")))
    revoked = Revoked(grant.user, Role(grant.role), grant.municipality)
    municipality_id = grant.municipality_id
    grant.user.grants.remove(grant)  # the orphan is deleted
    db.session.flush()
    role_revoked.send(revoked, user_id=revoked.user.id, role=revoked.role, municipality_id=municipality_id)
    return revoked


@atomic()
def revoke_grant(grant_id: int) -> Revoked:
    """Take one role away (an administrator's page)."""
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None or grant.role not in [r.value for r in ACCESS_ROLES]:
        raise GrantNotFound(str(_l("Not found.")))
    return _revoke(grant)


def revoke_role(user: User, role: Role, municipality_id: int | None) -> int:
    """Take the role away in one municipality, in the caller's transaction. Returns how many grants went."""
    grants = [g for g in user.grants if g.role == role and g.municipality_id == municipality_id]
    return len([_revoke(grant) for grant in grants])


@atomic()
def revoke_by_email(email: str, role: Role | None = None, municipality_id: int | None = None) -> list[Revoked]:
    """For `flask accounts revoke-access`: every access role of the account, or only `role`;
    everywhere, or only the grants for `municipality_id`. Returns the grants taken away."""
    user = find_by_email(email)
    if user is None:
        raise AccountError(str(_l("No account has that e-mail address.")))
    grants = [
        g
        for g in user.grants
        if g.role in [r.value for r in ACCESS_ROLES]
        and (role is None or g.role == role)
        and (municipality_id is None or g.municipality_id == municipality_id)
    ]
    return [_revoke(grant) for grant in grants]

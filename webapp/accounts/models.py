"""People who log in, and the roles they hold (as data, scoped to a municipality where it matters)."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import Base, Timestamped
from webapp.municipalities.models import Municipality


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    VOLUNTEER = "volunteer"
    RELATIVE = "relative"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator"
    ALLOCATION_OFFICER = "allocation_officer"
    UNIT_STAFF = "unit_staff"
    EDITOR = "editor"
    ADMINISTRATOR = "administrator"

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.CITIZEN: _l("Citizen"),
    Role.VOLUNTEER: _l("Volunteer"),
    Role.RELATIVE: _l("Relative"),
    Role.VOLUNTEER_COORDINATOR: _l("Volunteer coordinator"),
    Role.ALLOCATION_OFFICER: _l("Allocation officer"),
    Role.UNIT_STAFF: _l("Unit staff"),
    Role.EDITOR: _l("Editor"),
    Role.ADMINISTRATOR: _l("Administrator"),
}


class User(UserMixin, Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(30), default="")
    locale: Mapped[str | None] = mapped_column(String(5))
    home_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    email_confirmed_at: Mapped[datetime | None]
    pending_email: Mapped[str | None] = mapped_column(String(254))
    erased_at: Mapped[datetime | None]

    home_municipality: Mapped[Municipality | None] = relationship()
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.erased_at is None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def has_role(self, role: Role | str, municipality: Municipality | int | None = None) -> bool:
        """True if the person holds the role, everywhere or in this municipality. Administrators
        hold every role."""
        municipality_id = municipality.id if isinstance(municipality, Municipality) else municipality
        for grant in self.grants:
            if grant.role == Role.ADMINISTRATOR and grant.municipality_id is None:
                return True
            if grant.role in (role, Role.ADMINISTRATOR) and (
                grant.municipality_id is None
                or municipality_id is None
                or grant.municipality_id == municipality_id
            ):
                return True
        return False

    def municipalities_for(self, role: Role | str) -> list[int]:
        """Ids of the municipalities where the person holds the role (global grants excluded)."""
        return sorted({g.municipality_id for g in self.grants if g.role == role and g.municipality_id})


class RoleGrant(Base):
    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))

    user: Mapped[User] = relationship(back_populates="grants")
    municipality: Mapped[Municipality | None] = relationship()

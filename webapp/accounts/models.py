"""People who log in, the roles they hold (as data, scoped to a municipality where it matters), who
they are at an identity provider, and what staff did on their behalf."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import Base, Timestamped, utcnow
from webapp.enums import TitledEnum, one_of
from webapp.municipalities.models import Municipality


class Role(TitledEnum):
    CITIZEN = "citizen", _l("Citizen")
    VOLUNTEER = "volunteer", _l("Volunteer")
    RELATIVE = "relative", _l("Relative")
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", _l("Volunteer coordinator")
    ALLOCATION_OFFICER = "allocation_officer", _l("Allocation officer")
    UNIT_STAFF = "unit_staff", _l("Unit staff")
    EDITOR = "editor", _l("Editor")
    ADMINISTRATOR = "administrator", _l("Administrator")


STAFF_ROLES = frozenset(
    {
        Role.VOLUNTEER_COORDINATOR,
        Role.ALLOCATION_OFFICER,
        Role.UNIT_STAFF,
        Role.EDITOR,
        Role.ADMINISTRATOR,
    }
)


class User(UserMixin, Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a person who logged in with ID-porten and gave a phone number instead.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(30), default="")
    locale: Mapped[str | None] = mapped_column(String(5))
    home_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    email_confirmed_at: Mapped[datetime | None]
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # When the pending address was asked for: only the link sent then may confirm it.
    pending_email_at: Mapped[datetime | None]
    # When the password was last set after registering; a reset link made before then is void.
    password_changed_at: Mapped[datetime | None]
    # Part of every session's id: raising it ends every session of this person.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    erased_at: Mapped[datetime | None]
    # The keyed hash of the national identity number (webapp.accounts.idporten.pid_hash), never
    # the number itself: it recognises the person at their next ID-porten login.
    pid_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    home_municipality: Mapped[Municipality | None] = relationship()
    grants: Mapped[list[RoleGrant]] = relationship(back_populates="user", cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.erased_at is None

    def get_id(self) -> str:
        """The session's id: the person and their session version (see accounts.sessions)."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_staff(self) -> bool:
        """Works for the municipality, with access to other people's data."""
        return any(grant.role in STAFF_ROLES for grant in self.grants)

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
                grant.municipality_id is None or municipality_id is None or grant.municipality_id == municipality_id
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


class AddressNotice(Base):
    """When an address was last sent mail about its account that someone else may have asked for
    (a reset link, an "already registered" notice), so such mail goes out at most once per interval.
    Written for addresses without an account too, so the answer costs the same work either way; the
    address is kept only as a keyed digest."""

    __tablename__ = "address_notices"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    address_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(index=True)


class StaffIdentity(Base):
    """The provider's subject for one of our accounts: after the first login (matched by the
    e-mail claim) the subject alone recognises the person, also when their address changes."""

    __tablename__ = "staff_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdportenSession(Base):
    __tablename__ = "idporten_sessions"

    # The provider's session id as it sent it: an opaque value that names nobody.
    sid: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(index=True)


class AssistedKind(TitledEnum):
    REGISTERED = "registered", _l("Registered you")
    OFFER_SIGNUP = "offer_signup", _l("Signed you up for an offer")
    VOLUNTEER = "volunteer", _l("Registered you as a volunteer")
    RESPITE_BOOKING = "respite_booking", _l("Booked a respite stay")


class AssistedChannel(TitledEnum):
    PHONE = "phone", _l("by phone")


class AssistedAction(Base):
    """One action a coordinator or the allocation office took for the person, and how they were
    asked. `subject_id` is the sign-up, volunteer or booking it made (in the table `kind` names)."""

    __tablename__ = "assisted_actions"
    __table_args__ = (one_of("kind", AssistedKind), one_of("channel", AssistedChannel))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Who acted; None once that account is gone (the person still sees that it was done for them).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10), default=AssistedChannel.PHONE.value)
    subject_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(200), default="")  # e.g. the offer's title, the stay's dates
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[User | None] = relationship(foreign_keys=[staff_id])

    @property
    def kind_title(self) -> str:
        return AssistedKind(self.kind).title

    @property
    def channel_title(self) -> str:
        return AssistedChannel(self.channel).title

"""Municipalities, the regions they share services in, and their units."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import Base
from webapp.enums import TitledEnum


class Region(Base):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    default_locale: Mapped[str] = mapped_column(String(5), default="nb")

    municipalities: Mapped[list[Municipality]] = relationship(back_populates="region", order_by="Municipality.name")


class Municipality(Base):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(4), default="")
    default_locale: Mapped[str] = mapped_column(String(5), default="nb")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    # Whether relatives, and staff, may log in with e-mail and password here (webapp.accounts.login_methods).
    password_login_relatives: Mapped[bool] = mapped_column(default=True, server_default=true())
    password_login_staff: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The offers embed on the municipality's own website (webapp.offers.embed): the origins its
    # page may be framed by, one a line, and the colour it is shown in ("#rrggbb", "" for ours).
    embed_origins: Mapped[str] = mapped_column(Text, default="", server_default="")
    embed_colour: Mapped[str] = mapped_column(String(7), default="", server_default="")
    # Share tasks and volunteers with the other municipalities of the region that share too
    # (webapp.municipalities.services.sharing_partners).
    shares_with_region: Mapped[bool] = mapped_column(default=False, server_default=false())

    region: Mapped[Region | None] = relationship(back_populates="municipalities")
    units: Mapped[list[Unit]] = relationship(back_populates="municipality", order_by="Unit.name")

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class UnitKind(TitledEnum):
    VOLUNTEER_CENTRE = "volunteer_centre", _l("Volunteer centre")
    HEALTHY_LIFE_CENTRE = "healthy_life_centre", _l("Healthy life centre")
    CARE_HOME = "care_home", _l("Care home")
    DAY_CENTRE = "day_centre", _l("Day centre")
    RESPITE_HOME = "respite_home", _l("Respite home for children and young people")
    ALLOCATION_OFFICE = "allocation_office", _l("Allocation office")


class Unit(Base):
    """A place that serves people: frivilligsentral, helsetun, day centre, allocation office …"""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    opening_hours: Mapped[str] = mapped_column(String(200), default="")

    municipality: Mapped[Municipality] = relationship(back_populates="units")

    @property
    def kind_title(self) -> str:
        return UnitKind(self.kind).title

from sqlalchemy import Select, select

from webapp.municipalities.models import Municipality, Region, Unit


def municipalities() -> Select[tuple[Municipality]]:
    return select(Municipality).order_by(Municipality.name)


def by_slug(slug: str) -> Select[tuple[Municipality]]:
    return select(Municipality).where(Municipality.slug == slug)


def region_by_slug(slug: str) -> Select[tuple[Region]]:
    return select(Region).where(Region.slug == slug)


def sharing_partners(region_id: int, municipality_id: int) -> Select[tuple[Municipality]]:
    return (
        select(Municipality)
        .where(
            Municipality.region_id == region_id,
            Municipality.id != municipality_id,
            Municipality.shares_with_region.is_(True),
        )
        .order_by(Municipality.name)
    )


def units_of(municipality_id: int, kind: str | None = None) -> Select[tuple[Unit]]:
    query = select(Unit).where(Unit.municipality_id == municipality_id).order_by(Unit.name)
    if kind is not None:
        query = query.where(Unit.kind == kind)
    return query

"""The catalogue of volunteer roles and the languages a volunteer can name, at the bottom of the
package's imports (services, tasks, interests and hours all read it)."""

from __future__ import annotations

from sqlalchemy import select

from webapp.extensions import db
from webapp.volunteers.models import VolunteerRole

LANGUAGES = ["nb", "en", "se", "pl", "uk", "ar", "so", "ti", "de"]

ROLES: list[tuple[str, str, str, bool]] = [
    # code, bokmål, nynorsk, needs politiattest
    ("visiting_friend", "Besøksvenn", "Besøksven", False),
    ("walking_friend", "Turvenn", "Turven", False),
    ("escort", "Følgetjeneste", "Følgjeteneste", False),
    ("driver", "Sjåfør", "Sjåfør", False),
    ("chair_dance", "Sittedansleder", "Sittedansleiar", False),
    ("musician", "Musiker", "Musikar", False),
    ("waffle_baker", "Vaffelbaker i kafeen", "Vaffelbakar i kafeen", False),
    (
        "group_companion",
        "Følge i grupper for personer med utviklingshemming",
        "Følgje i grupper for personar med utviklingshemming",
        True,
    ),
    ("digital_helper", "Digital hjelper for eldre", "Digital hjelpar for eldre", False),
    ("day_centre_helper", "Hjelper på dagsenteret", "Hjelpar på dagsenteret", False),
]


def ensure_roles() -> None:
    """The roles as data (idempotent; the migration inserts the same rows)."""
    existing = {r.code: r for r in db.session.scalars(select(VolunteerRole))}
    for sort, (code, nb, nn, attest) in enumerate(ROLES):
        role = existing.get(code) or VolunteerRole(code=code)
        role.name_nb, role.name_nn, role.needs_politiattest, role.sort = nb, nn, attest, sort
        db.session.add(role)
    db.session.flush()


def all_roles() -> list[VolunteerRole]:
    return list(db.session.scalars(select(VolunteerRole).order_by(VolunteerRole.sort)))


def role_by_code(code: str) -> VolunteerRole | None:
    return db.session.scalar(select(VolunteerRole).where(VolunteerRole.code == code))

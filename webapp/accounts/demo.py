"""One demo person per role. The README lists their logins."""

from __future__ import annotations

from webapp.accounts.models import Role, User
from webapp.accounts.passwords import hash_password
from webapp.accounts.services import find_by_email, grant_role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.services import get_by_slug
from webapp.transactions import atomic

DEMO_PASSWORD = "demo-passord-2026"

# (e-mail, name, role, municipality slug of the role, locale)
PEOPLE = [
    ("innbygger@demo.example", "Ingrid Innbyggjar", Role.CITIZEN, None, "nn"),
    ("frivillig@demo.example", "Frode Frivillig", Role.VOLUNTEER, "oystre-slidre", "nn"),
    ("parorende@demo.example", "Per Pårørande", Role.RELATIVE, "oystre-slidre", "nn"),
    ("koordinator@demo.example", "Kari Koordinator", Role.VOLUNTEER_COORDINATOR, "oystre-slidre", "nn"),
    ("tildeling@demo.example", "Tor Tildeling", Role.ALLOCATION_OFFICER, "vestre-toten", "nb"),
    ("enhet@demo.example", "Eli Enhet", Role.UNIT_STAFF, "vestre-toten", "nb"),
    ("redaktor@demo.example", "Randi Redaktør", Role.EDITOR, "oystre-slidre", "nn"),
    ("admin@demo.example", "Anne Administrator", Role.ADMINISTRATOR, None, "nb"),
]


@atomic()
def load() -> list[str]:
    password_hash = hash_password(DEMO_PASSWORD)
    for email, name, role, slug, locale in PEOPLE:
        municipality = get_by_slug(slug) if slug else get_by_slug("oystre-slidre")
        user = find_by_email(email)
        if user is None:
            user = User(
                email=email,
                name=name,
                password_hash=password_hash,
                locale=locale,
                email_confirmed_at=utcnow(),
                home_municipality_id=municipality.id if municipality else None,
            )
            db.session.add(user)
            db.session.flush()
        grant_role(user, Role.CITIZEN)
        grant_role(user, role, municipality.id if (slug and municipality) else None)
    return [f"{len(PEOPLE)} demo people (password: {DEMO_PASSWORD})"]

"""Plain factory functions and the fixtures built on them."""

from __future__ import annotations

from itertools import count

import pytest

from webapp.accounts.models import Role, RoleGrant, User
from webapp.accounts.passwords import hash_password
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities import demo as municipalities_demo
from webapp.municipalities.models import Municipality
from webapp.municipalities.services import get_by_slug

PASSWORD = "et langt testpassord"
_HASH: list[str] = []
_seq = count(1)


def password_hash() -> str:
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    return _HASH[0]


def make_municipality(**overrides) -> Municipality:
    n = next(_seq)
    values = {"slug": f"kommune-{n}", "name": f"Kommune {n}", "default_locale": "nb"}
    values.update(overrides)
    municipality = Municipality(**values)
    db.session.add(municipality)
    db.session.commit()
    return municipality


def make_user(roles: tuple = (), municipality: Municipality | None = None, **overrides) -> User:
    """A confirmed user. `roles` holds Role values, or (Role, Municipality) pairs."""
    n = next(_seq)
    values = {
        "email": f"person{n}@example.no",
        "name": f"Person {n}",
        "password_hash": password_hash(),
        "email_confirmed_at": utcnow(),
        "locale": None,
        "home_municipality_id": municipality.id if municipality else None,
    }
    values.update(overrides)
    user = User(**values)
    for role in roles:
        if isinstance(role, tuple):
            user.grants.append(RoleGrant(role=role[0], municipality_id=role[1].id))
        else:
            user.grants.append(
                RoleGrant(
                    role=role, municipality_id=municipality.id if municipality and role != Role.ADMINISTRATOR else None
                )
            )
    db.session.add(user)
    db.session.commit()
    return user


def login(client, user: User, password: str = PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def municipalities(ctx) -> dict[str, Municipality]:
    """The five seed municipalities and their units, as `flask demo load` creates them."""
    municipalities_demo.load()
    return {
        slug: get_by_slug(slug)
        for slug in ("gausdal", "midtre-gauldal", "nord-aurdal", "oystre-slidre", "vestre-toten")
    }

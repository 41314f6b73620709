"""GET never changes state: every GET route, as each demo person and logged out, leaves the database
as it was. The one write a read may make is the log of a staff read of health data."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from itertools import product

import pytest
from sqlalchemy import select, text
from werkzeug.routing.converters import AnyConverter

from webapp.accounts.demo import DEMO_PASSWORD
from webapp.accounts.models import User
from webapp.extensions import db
from webapp.municipalities.models import Municipality

# A read of health data by staff is itself recorded; nothing else may change.
READ_LOGS = {"respite_audit_log"}

PEOPLE = [
    (None, "oystre-slidre"),
    ("innbygger@demo.example", "oystre-slidre"),
    ("frivillig@demo.example", "oystre-slidre"),
    ("parorende@demo.example", "oystre-slidre"),
    ("koordinator@demo.example", "oystre-slidre"),
    ("redaktor@demo.example", "oystre-slidre"),
    ("tildeling@demo.example", "vestre-toten"),
    ("enhet@demo.example", "vestre-toten"),
    ("admin@demo.example", "vestre-toten"),
]


def snapshot() -> dict[str, str]:
    """A fingerprint of every table's rows (read logs aside)."""
    found = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in READ_LOGS:
                continue
            rows = connection.execute(select(table)).all()
            found[table.name] = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
    return found


def first_id(sql: str, municipality: Municipality) -> int:
    found = db.session.execute(text(sql), {"m": municipality.id}).scalar()
    return int(found) if found is not None else 1


def path_values(municipality: Municipality, user: User | None) -> dict[str, object]:
    """Ids of things in the municipality, the person's own where they have some."""
    m, own = municipality, {}
    if user is not None:
        mine = db.session.execute(
            text(
                "SELECT d.id, min(b.id) FROM respite_decisions d "
                "JOIN respite_decision_relatives r ON r.decision_id = d.id "
                "LEFT JOIN respite_bookings b ON b.decision_id = d.id "
                "WHERE r.user_id = :u AND d.municipality_id = :m GROUP BY d.id"
            ),
            {"u": user.id, "m": m.id},
        ).first()
        if mine is not None:
            own = {"decision_id": mine[0], "booking_id": mine[1] or 1}
    return {
        "municipality": m.slug,
        "slug": "valdres",
        "token": "x",
        "role": "allocation_officer",
        "offer_id": first_id("SELECT min(id) FROM offers WHERE municipality_id = :m", m),
        "offer_uuid": db.session.execute(
            text("SELECT uuid FROM offers WHERE municipality_id = :m ORDER BY id"), {"m": m.id}
        ).scalar()
        or "x",
        "task_id": first_id("SELECT min(id) FROM volunteer_tasks WHERE municipality_id = :m", m),
        "volunteer_id": first_id("SELECT min(id) FROM volunteers WHERE municipality_id = :m", m),
        "decision_id": first_id("SELECT min(id) FROM respite_decisions WHERE municipality_id = :m", m),
        "application_id": first_id("SELECT min(id) FROM respite_applications WHERE municipality_id = :m", m),
        "unit_id": first_id(
            "SELECT min(r.id) FROM respite_units r JOIN units u ON u.id = r.unit_id WHERE u.municipality_id = :m", m
        ),
        "booking_id": first_id(
            "SELECT min(b.id) FROM respite_bookings b JOIN respite_decisions d "
            "ON d.id = b.decision_id WHERE d.municipality_id = :m",
            m,
        ),
    } | own


def get_paths(app, municipality: Municipality, user: User | None) -> Iterator[str]:
    values = path_values(municipality, user)
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint.startswith("test_only"):
            continue
        choices = {name: [values.get(name, 1)] for name in rule.arguments}  # 1: any other id
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):  # e.g. every report
                choices[name] = sorted(converter.items)
        for combination in product(*choices.values()):
            yield rule.build(dict(zip(choices, combination, strict=True)))[1]


@pytest.fixture
def demo_world(ctx, clock):
    from webapp import demo_data
    from webapp.respite.models import Decision, DecisionRelative, WaitingListEntry, WaitStatus

    list(demo_data.load_all())
    # An offer from the waiting list whose time ran out an hour ago: only the hourly job closes it.
    relative = db.session.scalar(select(User).where(User.email == "parorende@demo.example"))
    decision = db.session.scalar(select(Decision).join(DecisionRelative).where(DecisionRelative.user_id == relative.id))
    db.session.add(
        WaitingListEntry(
            decision_id=decision.id,
            respite_unit_id=decision.units[0].id,
            user_id=relative.id,
            day=clock.today + timedelta(days=5),
            status=WaitStatus.OFFERED,
            offered_at=clock.now - timedelta(hours=25),
            offer_expires_at=clock.now - timedelta(hours=1),
            created_at=clock.now - timedelta(days=3),
        )
    )
    db.session.commit()


def test_no_get_request_writes(app, demo_world):
    municipalities = {m.slug: m for m in db.session.scalars(select(Municipality))}
    changed = []
    for email, slug in PEOPLE:
        client = app.test_client()
        if email:
            response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
            assert response.status_code == 302, email
        user = db.session.scalar(select(User).where(User.email == email)) if email else None
        paths = list(get_paths(app, municipalities[slug], user))
        before = snapshot()
        for path in paths:
            status = client.get(path).status_code
            assert status < 500, (email, path, status)
        after = snapshot()
        if after != before:  # name the tables, and the routes that still write the second time
            changed.append((email, "any", [t for t in after if after[t] != before[t]]))
            for path in paths:
                before = snapshot()
                client.get(path)
                tables = [t for t, digest in snapshot().items() if digest != before[t]]
                if tables:
                    changed.append((email, path, tables))
    assert changed == []

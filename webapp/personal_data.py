"""What the service holds about a person: one registry that every domain adds its part to.

`/profile/export` gives each part's export, and `/profile/erase` runs each part's erasure in one
transaction. A part names every table it owns, in one of three lists:

- `tables`: exported, and erased or anonymised when the person erases the account;
- `kept`: exported, but kept because a law requires it (the value says which law and why);
- `not_personal`: holds nothing about a person (the value says why).

tests/core/test_personal_data.py fails when a table of the schema is in none of the lists, so a new
table cannot be forgotten, and it walks every table after an erasure to find the person's name,
e-mail or phone anywhere but in the `kept` tables. The core knows no domain: the application
factory registers the parts, in the order they erase."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from webapp.transactions import atomic

# A person's traces: the names, e-mail addresses and phone numbers they have used anywhere.
Traces = frozenset[str]


@dataclass(frozen=True)
class Part:
    key: str  # the section of the export
    export: Callable[[Any], Any] | None = None
    # Erase or anonymise what the part holds about the user, in the caller's transaction. Gets
    # every part's traces, gathered before anything was erased.
    erase: Callable[[Any, Traces], None] | None = None
    traces: Callable[[Any], Iterable[str]] | None = None
    tables: tuple[str, ...] = ()
    kept: Mapping[str, str] = field(default_factory=dict)
    not_personal: Mapping[str, str] = field(default_factory=dict)


CORE = Part(
    "core",
    not_personal={
        "used_tokens": "A digest of each single-use link once used, with its purpose: not the link, not whose it was.",
    },
)


def register(app: Any, part: Part) -> None:
    app.extensions.setdefault("personal_data", []).append(part)


def parts() -> list[Part]:
    return list(current_app.extensions.get("personal_data", []))


def problems(metadata: Any, registered: list[Part] | None = None) -> list[str]:
    """What is wrong with the registry against the schema: a table no part names (so neither
    exported nor erased nor justified), a table named twice, a table said to hold nothing about a
    person that points at one, a kept table without its reason, a part that owns tables but cannot
    export or erase them."""
    registered = parts() if registered is None else registered
    found: list[str] = []
    named: dict[str, list[str]] = {}
    for part in registered:
        for table in (*part.tables, *part.kept, *part.not_personal):
            named.setdefault(table, []).append(part.key)
        if (part.tables or part.kept) and (part.export is None or part.erase is None):
            found.append(f"part {part.key} owns tables but lacks export or erase")
        found += [f"{table}: kept without a reason" for table, why in part.kept.items() if not why.strip()]
        for table in part.not_personal:
            if table in metadata.tables and any(
                fk.column.table.name == "users" for fk in metadata.tables[table].foreign_keys
            ):
                found.append(f"{table}: points at a person, so it cannot be 'not personal'")
    found += [f"{table}: named by {', '.join(keys)}" for table, keys in named.items() if len(keys) > 1]
    found += [f"{table}: no such table" for table in named if table not in metadata.tables]
    found += [
        f"{table}: in no list of webapp.personal_data (export and erase it, keep it by law, "
        f"or say why it holds nothing about a person)"
        for table in metadata.tables
        if table not in named
    ]
    return found


def kept_tables() -> dict[str, str]:
    return {table: why for part in parts() for table, why in part.kept.items()}


def export(user: Any) -> dict[str, Any]:
    """Everything every part holds about the person, one section per part."""
    return {part.key: part.export(user) for part in parts() if part.export is not None}


def traces_of(user: Any) -> Traces:
    found: set[str] = set()
    for part in parts():
        if part.traces is not None:
            found.update(t.strip() for t in part.traces(user) if t and t.strip())
    return frozenset(found)


@atomic()
def erase(user: Any) -> None:
    """Erase or anonymise the person everywhere, as one transaction: all of it or nothing."""
    traces = traces_of(user)
    for part in parts():
        if part.erase is not None:
            part.erase(user, traces)

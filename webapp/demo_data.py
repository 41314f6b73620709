"""Demo data of every domain, loaded in dependency order. Each domain's loader is idempotent."""

from __future__ import annotations

from collections.abc import Callable

from webapp.accounts import demo as accounts_demo
from webapp.municipalities import demo as municipalities_demo
from webapp.offers import demo as offers_demo
from webapp.reports import demo as reports_demo
from webapp.respite import demo as respite_demo
from webapp.volunteers import demo as volunteers_demo
from webapp.workspace import demo as workspace_demo

LOADERS: list[Callable[[], list[str]]] = [
    municipalities_demo.load,
    accounts_demo.load,
    offers_demo.load,
    volunteers_demo.load,
    respite_demo.load,
    workspace_demo.load,
    reports_demo.load,
]


def load_all() -> list[str]:
    lines: list[str] = []
    for loader in LOADERS:
        lines.extend(loader())
    return lines

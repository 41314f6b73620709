"""axe-core in the browser (bundled by axe-playwright-python; needs no network)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_accessible(page) -> None:
    """Zero axe-core violations on the page as it is now."""
    results = _axe.run(page)
    violations = results.response.get("violations", [])
    details = [f"{v['id']}: {v['help']} → {[n.get('target') for n in v.get('nodes', [])][:3]}" for v in violations]
    assert not violations, f"{page.url}\n" + "\n".join(details)

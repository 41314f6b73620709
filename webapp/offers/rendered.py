"""HTML rendered once and kept per process until the catalogue changes. Only for HTML that holds
nothing personal: the same list pages and searches come again and again as people type."""
from __future__ import annotations

import threading


class RenderedCache:
    """At most `size` pieces of HTML, each tagged with the catalogue version it was rendered at;
    the oldest goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: dict[tuple, tuple[tuple, str]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, version: tuple) -> str | None:
        found = self._items.get(key)
        return found[1] if found is not None and found[0] == version else None

    def put(self, key: tuple, version: tuple, html: str) -> None:
        with self._lock:
            self._items[key] = (version, html)
            while len(self._items) > self.size:
                self._items.pop(next(iter(self._items)))

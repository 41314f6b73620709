"""HTML rendered once and kept per process until the data behind it changes, for pages that are
the same for everyone: the same list pages and searches come again and again as people type.

A page as anyone not logged in sees it differs from person to person only in its CSRF token (the
language switch is a form): it is rendered once with a slot there, and each request fills the slot
with its own token."""

from __future__ import annotations

import secrets
import threading
from typing import Any

from flask import render_template, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

CSRF_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


class RenderedCache:
    """At most `size` pieces of HTML, each tagged with the version of the data it was rendered
    from; the oldest goes first."""

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


def shared_layout() -> bool:
    """Whether this request's layout is the one everyone sees: nobody logged in, no message
    waiting to be shown."""
    return not current_user.is_authenticated and "_flashes" not in session


def render_shared(template: str, **context: Any) -> str:
    """Render a page for `shared_layout()` with a slot for the CSRF token (see `fill`)."""
    return render_template(template, csrf_token=lambda: CSRF_SLOT, **context)


def fill(html: str) -> str:
    """This request's own CSRF token in the slot."""
    return html.replace(CSRF_SLOT, generate_csrf())

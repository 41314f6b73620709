"""The one place that reads HX-* headers."""

from __future__ import annotations

from typing import Any

from flask import make_response, render_template
from flask.typing import ResponseReturnValue

from webapp.extensions import htmx


def is_htmx() -> bool:
    # A history restore (back button after hx-push-url, cache miss) needs the whole page.
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def page_url() -> str | None:
    """For an htmx request, the address of the page it was made from."""
    return htmx.current_url if htmx else None


def render(page: str, partial: str, **context: Any) -> ResponseReturnValue:
    """Render the full page, or only its partial when htmx asks; both vary on HX-Request."""
    response = make_response(render_template(partial if is_htmx() else page, **context))
    response.headers.add("Vary", "HX-Request")
    return response

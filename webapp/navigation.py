"""Where to send a person next; only paths on this site are followed."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def safe_next(value: str | None, default_endpoint: str = "municipalities.landing") -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        parts = urlsplit(value)
        if not parts.scheme and not parts.netloc:
            return value
    return url_for(default_endpoint)


def current_path() -> str:
    return request.full_path.rstrip("?") if request.query_string else request.path


def external_url(endpoint: str, **values: object) -> str:
    """An absolute link for a message: the request's address, or PUBLIC_URL outside a request."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, _external=True, **values)

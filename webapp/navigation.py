"""Where to send a person next; only paths on this site are followed."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request, url_for


def safe_path(value: str | None) -> str | None:
    """The value if it is a path on this site (relative to its root), else None."""
    # Control characters (CR/LF above all) can never go into a Location header.
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value and value.isprintable():
        parts = urlsplit(value)
        if not parts.scheme and not parts.netloc:
            return value
    return None


def safe_next(value: str | None, default_endpoint: str = "municipalities.landing") -> str:
    return safe_path(value) or url_for(default_endpoint)


def current_path() -> str:
    return request.full_path.rstrip("?") if request.query_string else request.path


def external_url(endpoint: str, **values: object) -> str:
    """An absolute link for a message, a feed or a poster, always at PUBLIC_URL: never at the
    request's Host, which the sender of the request chooses."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(public.netloc, script_name=public.path or "/", url_scheme=public.scheme)
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)

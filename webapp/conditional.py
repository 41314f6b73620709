"""Conditional GET for feeds and open data that clients poll: a copy the client already holds is
answered 304 Not Modified, with no body."""

from __future__ import annotations

from datetime import datetime

from flask import Response, request


def answer(response: Response, last_modified: datetime | None = None) -> Response:
    """Tag the response with an ETag from its content and answer If-None-Match.

    The tag is weak (W/"…"): the same content counts as the same whether or not it was compressed
    on the way, so Flask-Compress leaves it alone and a browser's compressed copy still matches.
    `last_modified`, where given, is sent too, and If-Modified-Since is answered with it.
    It comes from the content itself because feeds also change with the passing of time (the next
    sessions), which no modification date would show."""
    response.add_etag(weak=True)
    if last_modified is not None:  # only where it moves with every change to what is answered
        response.last_modified = last_modified
    return response.make_conditional(request)

"""What operators see: one JSON log line per request and a Prometheus `/metrics`.

The log line holds the request id, method, route (the URL rule, never the path: a path or query
string may hold a token or an e-mail address), status and duration, and nothing about the person.
`/metrics` answers only with METRICS_TOKEN as a bearer token or from an address in
METRICS_ALLOWED_ADDRESSES; otherwise 404, as if it did not exist.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Iterator

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from webapp.clock import utcnow
from webapp.extensions import db

LOGGER_NAME = "webapp.requests"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_UNMATCHED = "<unmatched>"

REQUESTS = Counter("webapp_requests_total", "Requests answered, by route and status.", ["method", "route", "status"])
LATENCY = Histogram(
    "webapp_request_duration_seconds",
    "Time from the request reaching the app to the answer, by route.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


class OutboxCollector(Collector):
    """The outbox read at each scrape: messages waiting to be sent and the age of the oldest."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from webapp.notifications.models import OutboxMessage

        waiting = (OutboxMessage.sent_at.is_(None)) & (OutboxMessage.dead_at.is_(None))
        count, oldest = db.session.execute(
            select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(waiting)
        ).one()
        dead = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.dead_at.is_not(None)))
        yield GaugeMetricFamily("webapp_outbox_backlog", "Messages in the outbox not yet sent.", value=count)
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "webapp_outbox_oldest_unsent_seconds", "Age of the oldest message not yet sent (0: none).", value=age
        )
        yield GaugeMetricFamily("webapp_outbox_given_up", "Messages given up on after too many failures.", value=dead)


def init_app(app: Flask) -> None:
    logger = logging.getLogger(LOGGER_NAME)
    if app.config["REQUEST_LOG"] and not any(getattr(h, "_webapp", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._webapp = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    app.before_request(_start)
    app.after_request(_finish)
    app.add_url_rule("/metrics", "metrics", metrics)


def _start() -> None:
    g.request_started = time.perf_counter()
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # a request that never reached before_request (e.g. refused host)
        return response
    seconds = time.perf_counter() - started
    route = request.url_rule.rule if request.url_rule is not None else _UNMATCHED
    REQUESTS.labels(request.method, route, str(response.status_code)).inc()
    LATENCY.labels(request.method, route).observe(seconds)
    response.headers["X-Request-Id"] = g.request_id
    if current_app.config["REQUEST_LOG"]:
        line = {
            "request_id": g.request_id,
            "method": request.method,
            "route": route,
            "endpoint": request.endpoint or "",
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
        }
        logging.getLogger(LOGGER_NAME).info(json.dumps(line, separators=(",", ":")))
    return response


def _allowed() -> bool:
    token = current_app.config["METRICS_TOKEN"]
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        if hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode()):
            return True
    networks = current_app.config["METRICS_ALLOWED_ADDRESSES"] or []
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def metrics() -> Response:
    if not _allowed():
        abort(404)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # gunicorn workers: add up every worker's files
        MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(OutboxCollector())
    response = Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response

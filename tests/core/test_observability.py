"""Operators see one JSON line per request (never a person's data) and a Prometheus /metrics that
answers only a token or an allowed address."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest

from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.observability import LOGGER_NAME

TOKEN = "a-long-metrics-token-for-the-test"


@pytest.fixture
def request_log(app, monkeypatch, caplog) -> Iterator[None]:
    monkeypatch.setitem(app.config, "REQUEST_LOG", True)
    logger = logging.getLogger(LOGGER_NAME)
    monkeypatch.setattr(logger, "disabled", False)  # Alembic's fileConfig in the migration tests turns it off
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    yield
    logger.removeHandler(caplog.handler)


def logged(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == LOGGER_NAME]


def test_each_request_gets_one_json_line_with_route_status_and_duration(client, ctx, request_log, caplog):
    secret = "S3CRET-token-in-the-path"
    client.get(f"/reset-password/{secret}?email=kari.nordmann@example.no&next=/x", headers={"X-Request-Id": "abcd1234"})
    client.get("/healthz?email=ola@example.no")
    lines = logged(caplog)
    assert len(lines) == 2
    first, second = lines
    assert first["request_id"] == "abcd1234"
    assert first["route"] == "/reset-password/<token>"
    assert first["method"] == "GET"
    assert isinstance(first["status"], int)
    assert first["duration_ms"] >= 0
    assert second == {**second, "route": "/healthz", "status": 200}
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert secret not in text
    assert "example.no" not in text and "kari" not in text


def test_the_request_id_is_sent_back_and_an_odd_one_is_replaced(client, ctx, request_log, caplog):
    given = client.get("/healthz", headers={"X-Request-Id": "req-0001-from-nginx"})
    assert given.headers["X-Request-Id"] == "req-0001-from-nginx"
    odd = client.get("/healthz", headers={"X-Request-Id": 'x", "status": 200, "email": "kari@example.no'})
    made = odd.headers["X-Request-Id"]
    assert len(made) == 32 and made.isalnum()
    assert [line["request_id"] for line in logged(caplog)] == ["req-0001-from-nginx", made]


def test_a_page_that_does_not_exist_is_logged_without_its_path(client, ctx, request_log, caplog):
    client.get("/no-such-page/kari.nordmann@example.no")
    (line,) = logged(caplog)
    assert line["route"] == "<unmatched>" and line["status"] == 404
    assert "kari" not in json.dumps(line)


def test_metrics_are_hidden_without_a_token_or_an_allowed_address(client, ctx, app, monkeypatch):
    assert client.get("/metrics").status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_metrics_from_an_allowed_network_and_no_forged_address(client, ctx, app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_ALLOWED_ADDRESSES", ["10.0.0.0/8", "192.0.2.7"])
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 404
    # TRUSTED_PROXIES is 0 here: a forwarded address is not believed.
    forged = client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.8"}, headers={"X-Forwarded-For": "10.1.2.3"})
    assert forged.status_code == 404


def sample(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in metrics")


def test_metrics_count_requests_and_read_the_outbox(client, ctx, app, monkeypatch, clock):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    now = clock.now
    db.session.add_all(
        [
            OutboxMessage(recipient="a@example.no", subject="s", body="b", created_at=now - timedelta(minutes=10)),
            OutboxMessage(recipient="b@example.no", subject="s", body="b", created_at=now - timedelta(minutes=2)),
            OutboxMessage(
                recipient="c@example.no", subject="s", body="b", created_at=now - timedelta(days=1), sent_at=now
            ),
            OutboxMessage(
                recipient="d@example.no", subject="s", body="b", created_at=now - timedelta(days=2), dead_at=now
            ),
        ]
    )
    db.session.commit()
    client.get("/healthz")
    client.get("/healthz")
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert sample(text, 'webapp_requests_total{method="GET",route="/healthz",status="200"}') >= 2
    assert 'webapp_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz"}' in text
    assert sample(text, "webapp_outbox_backlog") == 2
    assert 600 <= sample(text, "webapp_outbox_oldest_unsent_seconds") < 3600
    assert sample(text, "webapp_outbox_given_up") == 1
    assert "example.no" not in text


def test_metrics_with_an_empty_outbox(client, ctx, app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert sample(text, "webapp_outbox_backlog") == 0
    assert sample(text, "webapp_outbox_oldest_unsent_seconds") == 0

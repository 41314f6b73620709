"""Last-Modified beside the ETag on the open endpoints and feeds: it moves with every change to
what they answer (a place or organiser an offer shows included), and If-Modified-Since gets 304."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime

from tests.offers.conftest import make_location, make_offer
from webapp.extensions import db

PATHS = ("/api/services", "/gausdal/openactive/session-series", "/gausdal/openactive/scheduled-sessions")


def _last_modified(response):
    return parsedate_to_datetime(response.headers["Last-Modified"])


def test_last_modified_moves_with_every_change_and_answers_if_modified_since(client, ctx, municipalities, clock):
    gausdal = municipalities["gausdal"]
    place = make_location(gausdal, name="Forset grendehus")
    offer = make_offer(gausdal, location_id=place.id)
    paths = (*PATHS, f"/api/services/{offer.uuid}")
    before = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200 and "ETag" in response.headers, path
        before[path] = response.headers["Last-Modified"]
        again = client.get(path, headers={"If-Modified-Since": before[path]})
        assert again.status_code == 304, path

    clock.shift(timedelta(minutes=5))
    place.name = "Forset samfunnshus"  # the place the offer shows: the offer counts as changed
    db.session.commit()
    for path in paths:
        response = client.get(path, headers={"If-Modified-Since": before[path]})
        if path.endswith("scheduled-sessions"):  # a session names no place: that feed is as it was
            assert response.status_code == 304
            continue
        assert response.status_code == 200, path
        assert _last_modified(response) > parsedate_to_datetime(before[path]), path
    modified_after = (clock.now - timedelta(minutes=1)).isoformat()
    found = client.get("/api/services", query_string={"modified_after": modified_after}).get_json()
    assert [s["id"] for s in found["contents"]] == [offer.uuid]

"""Calendar feeds and the open API answer a client that already holds the content with 304 Not
Modified and no body; any change gives the new content and a new tag."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.offers.models import Offer


def _offer(title_nn: str) -> Offer:
    return db.session.scalars(select(Offer).where(Offer.title_nn == title_nn)).one()


def _paths() -> list[str]:
    cafe = _offer("Kaffi og vaffel på helsetunet")
    return [
        "/oystre-slidre/offers/calendar.ics",
        f"/oystre-slidre/offers/{cafe.id}.ics",
        "/api/services",
        "/api/services?lang=nn",
        f"/api/services/{cafe.uuid}",
    ]


def test_a_copy_the_client_holds_is_answered_304(client, ctx, demo_offers):
    for path in _paths():
        first = client.get(path)
        assert first.status_code == 200, path
        etag = first.headers["ETag"]
        assert etag.startswith('W/"'), path
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.get_data() == b"", path
        assert again.headers["ETag"] == etag, path
        other = client.get(path, headers={"If-None-Match": 'W/"something-else"'})
        assert other.status_code == 200 and other.get_data() == first.get_data(), path


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_compressed_copy_matches_too(client, ctx, demo_offers, encoding):
    for path in _paths():
        first = client.get(path, headers={"Accept-Encoding": encoding})
        assert first.headers.get("Content-Encoding") == encoding, path
        again = client.get(path, headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b"", path
        plain = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert plain.status_code == 304, path  # the same content, whatever the encoding on the way


def test_a_change_gives_new_content_and_a_new_tag(client, ctx, demo_offers):
    paths = _paths()
    tags = {path: client.get(path).headers["ETag"] for path in paths}
    cafe = _offer("Kaffi og vaffel på helsetunet")
    cafe.title_nn, cafe.title_nb = "Vaffelkafé på tunet", "Vaffelkafé på tunet"
    db.session.commit()
    for path in paths:
        response = client.get(path, headers={"If-None-Match": tags[path]})
        assert response.status_code == 200, path
        assert response.headers["ETag"] != tags[path], path
        assert "Vaffelkaf" in response.get_data(as_text=True), path


@pytest.mark.parametrize(
    "header, value",
    [
        ("If-None-Match", "*"),
        ("If-None-Match", 'W/"'),
        ("If-None-Match", "\x7f" * 5000),
        ("If-None-Match", ","),
        ("If-Modified-Since", "yesterday"),
        ("If-Modified-Since", "Mon, 01 Jan 0001 00:00:00 GMT"),
        ("Accept-Encoding", "br;q=abc, gzip;q="),
        ("Accept-Encoding", ";q=1=2, *"),
        ("Accept-Encoding", "x" * 5000),
    ],
)
def test_odd_headers_never_500(client, ctx, demo_offers, header, value):
    for path in _paths():
        response = client.get(path, headers={header: value})
        assert response.status_code in {200, 304}, (path, header)

"""OpenActive: the RPDE feeds of session series and scheduled sessions, walked as a reader walks
them, checked by the official data-model-validator, and the dataset site that lists them."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.offers.conftest import make_offer
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.offers import openactive
from webapp.offers.changes import cancel_session
from webapp.offers.models import Offer, SignUp, SignUpStatus

VALIDATOR = Path(__file__).parents[1] / "openactive_validate.mjs"
FEEDS = ("session-series", "scheduled-sessions")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk(client, url: str) -> tuple[list[dict], str]:
    """Every item from `url` to the end of the feed, and the last page's URL (to come back to)."""
    items: list[dict] = []
    for _ in range(1000):
        response = client.get(_path(url))
        assert response.status_code == 200, response.get_data(as_text=True)
        page = response.get_json()
        items += page["items"]
        if page["next"] == url:
            assert page["items"] == []
            return items, url
        url = page["next"]
    raise AssertionError("the feed does not end")


def validate(documents: list[dict]) -> list[list[dict]]:
    done = subprocess.run(
        ["node", str(VALIDATOR)],
        input=json.dumps(documents),
        capture_output=True,
        text=True,
        check=True,
        cwd=VALIDATOR.parents[1],
        timeout=300,
    )
    return json.loads(done.stdout)


def feed(slug: str, kind: str) -> str:
    return f"http://localhost/{slug}/openactive/{kind}"


@pytest.fixture
def small_pages(app, monkeypatch):
    monkeypatch.setitem(app.config, "RPDE_PAGE_SIZE", 3)


def _by_id(items: list[dict]) -> dict[str, dict]:
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), ids
    return {item["id"]: item for item in items}


def _ordered(items: list[dict]) -> bool:
    keys = [(item["modified"], item["id"]) for item in items]
    return keys == sorted(keys) and len(set(keys)) == len(keys)


def test_the_series_feed_walks_to_its_end_and_a_change_comes_back_once(client, ctx, municipalities, small_pages):
    gausdal = municipalities["gausdal"]
    offers = [make_offer(gausdal) for _ in range(7)]
    make_offer(municipalities["oystre-slidre"])  # another municipality's feed
    make_offer(gausdal, category="cafe")  # not a physical activity: not in OpenActive
    make_offer(gausdal, published=False)  # a draft

    items, end = walk(client, feed("gausdal", "session-series"))
    assert set(_by_id(items)) == {o.uuid for o in offers} and _ordered(items)
    assert {(i["state"], i["kind"]) for i in items} == {("updated", "SessionSeries")}
    first = _by_id(items)
    assert walk(client, end) == ([], end)  # the last page names itself: nothing new

    changed, withdrawn, moved = offers[1], offers[4], offers[5]
    changed.title_nb = "Stolgym på Forset"
    withdrawn.published = False
    moved.category = "meeting_place"
    db.session.commit()
    later, end = walk(client, end)
    assert _ordered(later)
    news = _by_id(later)
    assert set(news) == {changed.uuid, withdrawn.uuid, moved.uuid}
    assert news[changed.uuid]["state"] == "updated" and news[changed.uuid]["data"]["name"] == "Stolgym på Forset"
    assert news[changed.uuid]["modified"] > first[changed.uuid]["modified"]
    for gone in (withdrawn, moved):
        assert news[gone.uuid]["state"] == "deleted" and "data" not in news[gone.uuid]
    assert walk(client, end) == ([], end)

    # Walked again from the start: each item once, as it is now; the tombstones stay.
    again, _ = walk(client, feed("gausdal", "session-series"))
    now = _by_id(again)
    assert set(now) == {o.uuid for o in offers} and _ordered(again)
    assert [now[o.uuid]["state"] for o in offers].count("deleted") == 2
    assert now[changed.uuid]["modified"] == news[changed.uuid]["modified"]

    # Published again: back as updated, once.
    withdrawn.published = True
    db.session.commit()
    back, _ = walk(client, end)
    assert [(i["id"], i["state"]) for i in back] == [(withdrawn.uuid, "updated")]


def test_sessions_carry_places_left_and_cancelled_ones_are_deleted(client, ctx, municipalities, clock, app):
    offer = make_offer(municipalities["gausdal"], capacity=10, join_mode="sign_up")
    items, end = walk(client, feed("gausdal", "scheduled-sessions"))
    assert len(items) == openactive.SESSION_WEEKS  # every Tuesday of the coming weeks
    series = client.get("/gausdal/openactive/session-series").get_json()["items"][0]["data"]
    for item in items:
        assert item["kind"] == "ScheduledSession" and item["data"]["superEvent"] == series["@id"]
        assert item["data"]["remainingAttendeeCapacity"] == 10 and item["data"]["maximumAttendeeCapacity"] == 10
    starts = sorted(item["data"]["startDate"] for item in items)
    assert starts[0].endswith("T10:00:00+02:00")

    from datetime import datetime, timedelta

    from webapp.offers import signups

    first = datetime.fromisoformat(starts[0])
    signups.sign_up(offer.id, signups.Person(name="Kari Nordmann", phone="99999999"), first)
    later, end = walk(client, end)
    assert len(later) == 1 and later[0]["data"]["startDate"] == starts[0]
    assert later[0]["data"]["remainingAttendeeCapacity"] == 9

    signups.sign_up(offer.id, signups.Person(name="Ola Nordmann", phone="98888888"))  # the whole series
    later, end = walk(client, end)
    left = {i["data"]["startDate"]: i["data"]["remainingAttendeeCapacity"] for i in later}
    assert left == {start: (8 if start == starts[0] else 9) for start in starts}

    cancel_session(offer, datetime.fromisoformat(starts[1]).astimezone().isoformat())
    later, end = walk(client, end)
    cancelled = [i for i in later if i["state"] == "deleted"]
    assert len(cancelled) == 1 and "data" not in cancelled[0]
    assert cancelled[0]["id"] == next(i["id"] for i in items if i["data"]["startDate"] == starts[1])

    # A week on, the daily refresh drops the session that is over and adds one at the far end.
    clock.shift(timedelta(days=7))
    result = app.test_cli_runner().invoke(args=["offers", "refresh-feeds"])
    assert result.exit_code == 0, result.output
    later, end = walk(client, end)
    assert [i["state"] for i in later].count("deleted") == 1
    added = [i for i in later if i["state"] == "updated"]
    assert len(added) == 1 and added[0]["data"]["startDate"] > max(starts)


@pytest.mark.parametrize(
    "query",
    [
        "afterTimestamp=x&afterId=a",
        "afterTimestamp=-1&afterId=a",
        "afterTimestamp=99999999999999999999999&afterId=a",
        "afterTimestamp=1",
        "afterId=a",
        "afterTimestamp=1&afterId=" + "a" * 81,
    ],
)
def test_bad_feed_parameters_are_json_400s(client, municipalities, query):
    response = client.get(f"/gausdal/openactive/session-series?{query}")
    assert response.status_code == 400 and response.get_json()["error"] == "bad parameter"


def test_feeds_are_open_and_conditional(client, ctx, municipalities):
    make_offer(municipalities["gausdal"])
    assert client.get("/gausdal/openactive/sessions").status_code == 404
    for kind in FEEDS:
        response = client.get(f"/gausdal/openactive/{kind}")
        assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.get_json()["license"] == "https://creativecommons.org/licenses/by/4.0/"
        again = client.get(f"/gausdal/openactive/{kind}", headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""


def test_the_dataset_site_lists_the_feeds(client, ctx, municipalities):
    # Each municipality's page speaks its own standard.
    for slug, words in (
        ("oystre-slidre", "Opne data for aktivitetsfinnarar"),
        ("gausdal", "Åpne data for aktivitetsfinnere"),
    ):
        response = client.get(f"/{slug}/openactive")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert words in html
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    dataset = json.loads(found.group(1))
    assert dataset["@type"] == "Dataset"
    urls = {d["additionalType"]: d["contentUrl"] for d in dataset["distribution"]}
    assert urls == {
        "https://openactive.io/SessionSeries": feed("gausdal", "session-series"),
        "https://openactive.io/ScheduledSession": feed("gausdal", "scheduled-sessions"),
    }
    for url in urls.values():
        assert f'href="{url}"' in html


def test_every_activity_is_on_the_openactive_list():
    import gzip

    listed = json.loads(
        gzip.decompress((Path(__file__).parent / "openactive" / "activity-list.jsonld.gz").read_bytes())
    )
    concepts = {c["id"]: c["prefLabel"] for c in listed["concept"]}
    mapped = [c for concepts_ in openactive.activity_map().values() for c in concepts_ or []]
    assert mapped and all(concepts.get(c["id"]) == c["prefLabel"] for c in mapped)


def test_the_official_validator_finds_no_errors(client, demo_offers):
    pages, items = [], []
    for slug in db.session.scalars(select(Municipality.slug)):
        for kind in FEEDS:
            url = feed(slug, kind)
            while True:
                page = client.get(_path(url)).get_json()
                pages.append(page)
                items += [item["data"] for item in page["items"] if item["state"] == "updated"]
                if page["next"] == url:
                    break
                url = page["next"]
    kinds = {item["@type"] for item in items}
    assert kinds == {"SessionSeries", "ScheduledSession"} and len(items) > 20
    results = validate([page for page in pages if page["items"]] + items)  # a last page is empty by design
    failures = [(p["path"], p["message"][:200]) for problems in results for p in problems if p["severity"] == "failure"]
    assert failures == [], failures[:5]
    warnings = {
        re.sub(r"^\$\.items\[\d+\]\.data", "$", p["path"]) + ": " + p["message"].split("\n")[0]
        for r in results
        for p in r
        if p["severity"] == "warning"
    }
    print("\n".join(sorted(warnings)))

    # The validator does catch a broken item: no activity from the list, no @id.
    broken = dict(items[0], activity=[{"@type": "Concept", "@id": "https://openactive.io/activity-list#nonsense"}])
    del broken["@id"]
    assert {p["path"] for p in validate([broken])[0] if p["severity"] == "failure"} >= {"$.id", "$.activity[0]"}


def test_signup_names_never_reach_the_feeds(client, ctx, municipalities):
    from webapp.offers import signups

    offer = make_offer(municipalities["gausdal"], capacity=5, join_mode="sign_up")
    signups.sign_up(offer.id, signups.Person(name="Synnøve Solbakken", phone="97777777"))
    assert db.session.scalar(select(SignUp.status)) == SignUpStatus.CONFIRMED.value
    for kind in FEEDS:
        assert "Synnøve" not in client.get(f"/gausdal/openactive/{kind}").get_data(as_text=True)
    assert db.session.get(Offer, offer.id) is not None

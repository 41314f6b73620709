"""Open data: every published demo offer validates against HSDS 3.0, and so does the list."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from tests.offers.conftest import make_offer
from webapp.extensions import db
from webapp.offers.models import Offer

SCHEMAS = Path(__file__).parent / "hsds"  # copied unchanged from the HSDS 3.0 specification


def _schema(name: str) -> dict:
    if (SCHEMAS / f"{name}.gz").exists():
        return json.loads(gzip.decompress((SCHEMAS / f"{name}.gz").read_bytes()))
    return json.loads((SCHEMAS / name).read_text())


def _page_schema() -> dict:
    openapi = _schema("openapi.json")
    page = dict(openapi["components"]["schemas"]["Page"])
    page["required"] = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"]
    page["properties"] = {
        **page["properties"],
        "contents": {"type": "array", "items": _schema("compiled_service_list.json")},
    }
    return page


def test_every_published_demo_offer_is_a_valid_hsds_service(client, demo_offers):
    validator = Draft202012Validator(_schema("compiled_service.json"), format_checker=FormatChecker())
    ids = db.session.scalars(select(Offer.uuid).where(Offer.published.is_(True))).all()
    assert len(ids) >= 15
    for offer_id in ids:
        data = client.get(f"/api/services/{offer_id}").get_json()
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], (data["name"], errors)
        assert data["schedules"][0]["freq"] == "WEEKLY" and data["service_at_locations"]
        nynorsk = client.get(f"/api/services/{offer_id}?lang=nn").get_json()
        assert list(validator.iter_errors(nynorsk)) == [] and nynorsk["alternate_name"] == data["name"]


def test_the_list_is_a_valid_hsds_page(client, demo_offers):
    validator = Draft202012Validator(_page_schema(), format_checker=FormatChecker())
    first = client.get("/api/services?per_page=10").get_json()
    assert list(validator.iter_errors(first)) == []
    assert (first["page_number"], first["size"], first["first_page"], first["last_page"]) == (1, 10, True, False)
    total = first["total_items"]
    last = client.get(f"/api/services?per_page=10&page={first['total_pages']}").get_json()
    assert list(validator.iter_errors(last)) == [] and last["last_page"]
    assert (
        sum(
            client.get(f"/api/services?per_page=10&page={p}").get_json()["size"]
            for p in range(1, first["total_pages"] + 1)
        )
        == total
    )
    nynorsk = client.get("/api/services?lang=nn&per_page=100").get_json()
    assert "Pårørandeskule for demens" in {s["name"] for s in nynorsk["contents"]}


def test_drafts_are_not_open_data(client, ctx, municipalities):
    draft = make_offer(municipalities["gausdal"], published=False)
    assert client.get(f"/api/services/{draft.uuid}").status_code == 404
    assert client.get("/api/services").get_json()["total_items"] == 0


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=1000", "per_page=-1"])
def test_bad_paging_is_400(client, query):
    assert client.get(f"/api/services?{query}").status_code == 400

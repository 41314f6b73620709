"""The open-data API (Open Referral HSDS 3.0): services, taxonomies and taxonomy terms, read-only,
for anyone, in bokmål or nynorsk (`lang`, else Accept-Language). Every bad parameter is a 400 with
a JSON body naming it; conditional requests are answered with 304."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from flask import Response, current_app, jsonify, request

from webapp import conditional
from webapp.forms import FIRST_YEAR, LAST_YEAR
from webapp.navigation import external_url
from webapp.offers import bp, hsds, opendata, services, taxonomy

API_MAX_PER_PAGE = 100
HSDS_VERSION = "3.0"
OPENAPI = Path(__file__).with_name("hsds_openapi.json")  # the HSDS 3.0 OpenAPI document, unchanged


class BadParameter(Exception):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name, self.reason = name, reason


@bp.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter):
    return jsonify({"error": "bad parameter", "parameter": error.name, "detail": error.reason}), 400


def _open(response: Response, last_modified: datetime | None = None) -> Response:
    """Read-only open data: any site may read it, without credentials."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return conditional.answer(response, last_modified)


def _locale() -> str:
    lang = request.args.get("lang")
    if lang is not None:
        if lang not in ("nb", "nn"):
            raise BadParameter("lang", "nb or nn")
        return lang
    return request.accept_languages.best_match(["nb", "nn", "no"], "nb").replace("no", "nb")


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, "a whole number") from None
    if not low <= value <= high:
        raise BadParameter(name, f"from {low} to {high}")
    return value


def _moment(name: str) -> datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter(name, "an ISO 8601 date-time, like 2026-12-01T10:00:00Z") from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise BadParameter(name, f"a year from {FIRST_YEAR} to {LAST_YEAR}")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _text(name: str, limit: int = 200) -> str:
    value = request.args.get(name, "")
    if len(value) > limit:
        raise BadParameter(name, f"at most {limit} characters")
    return value


def _not_found():
    return jsonify({"error": "not found"}), 404


@cache
def openapi_document() -> dict[str, Any]:
    return json.loads(OPENAPI.read_text("utf-8"))


@bp.get("/api/")
def api_meta():
    return _open(
        jsonify(
            {
                "version": HSDS_VERSION,
                "profile": "https://docs.openreferral.org/en/latest/hsds/",
                "openapi_url": external_url("offers.api_openapi"),
            }
        )
    )


@bp.get("/api/openapi.json")
def api_openapi():
    document = dict(openapi_document())
    document["servers"] = [{"url": current_app.config["PUBLIC_URL"].rstrip("/") + "/api"}]
    return _open(jsonify(document))


@bp.get("/api/services")
def api_services():
    locale = _locale()
    query = opendata.ServiceQuery(
        page=_int("page", 1, 1, 100000),
        per_page=_int("per_page", 50, 1, API_MAX_PER_PAGE),
        search=_text("search"),
        modified_after=_moment("modified_after"),
        organization_id=_text("organization_id", 36),
        taxonomy_term_ids={t for t in _text("taxonomy_term_id", 400).split(",") if t},
        taxonomy_id=_text("taxonomy_id", 36),
    )
    offers, total = opendata.published_page(query)
    items = [hsds.service_summary(o, locale) for o in offers]
    return _open(jsonify(hsds.page(items, total, query.page, query.per_page)), opendata.last_change())


@bp.get("/api/services/<offer_uuid>")
def api_service(offer_uuid: str):
    locale = _locale()
    offer = services.get_published(offer_uuid[:36])
    if offer is None:
        return _not_found()
    return _open(jsonify(hsds.service_full(offer, locale)), offer.updated_at)


@bp.get("/api/taxonomies")
def api_taxonomies():
    locale = _locale()
    page, per_page = _int("page", 1, 1, 100000), _int("per_page", 50, 1, API_MAX_PER_PAGE)
    found = [taxonomy.taxonomy(kind, locale) for kind in taxonomy.all_taxonomies()]
    found = [t for t in found if _text("search").casefold() in t["name"].casefold()]
    return _open(jsonify(hsds.page(found[(page - 1) * per_page : page * per_page], len(found), page, per_page)))


@bp.get("/api/taxonomies/<taxonomy_id>")
def api_taxonomy(taxonomy_id: str):
    locale = _locale()
    for kind in taxonomy.all_taxonomies():
        if taxonomy.taxonomy_id(kind) == taxonomy_id:
            return _open(jsonify(taxonomy.taxonomy(kind, locale)))
    return _not_found()


@bp.get("/api/taxonomy_terms")
def api_taxonomy_terms():
    locale = _locale()
    page, per_page = _int("page", 1, 1, 100000), _int("per_page", 50, 1, API_MAX_PER_PAGE)
    kinds = [k for k in taxonomy.all_taxonomies() if taxonomy.taxonomy_id(k) == _text("taxonomy_id", 36)]
    if request.args.get("taxonomy_id") and not kinds:
        found = []
    else:
        found = [taxonomy.term_shape(t, locale) for t in taxonomy.all_terms(kinds[0] if kinds else None)]
    needle = _text("search").casefold()
    found = [t for t in found if needle in t["name"].casefold()]
    return _open(jsonify(hsds.page(found[(page - 1) * per_page : page * per_page], len(found), page, per_page)))


@bp.get("/api/taxonomy_terms/<term_id>")
def api_taxonomy_term(term_id: str):
    locale = _locale()
    for term in taxonomy.all_terms():
        if term.id == term_id:
            return _open(jsonify(taxonomy.term_shape(term, locale)))
    return _not_found()

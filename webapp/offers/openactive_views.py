"""OpenActive open data: the RPDE feeds of a municipality and the dataset site that lists them.
Read-only, for anyone, with conditional requests and CORS as the HSDS API."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request

from webapp.municipalities.models import Municipality
from webapp.navigation import external_url
from webapp.offers import bp, openactive
from webapp.offers.api_views import BadParameter, _open

MAX_TIMESTAMP = 2**62
FEED_PATHS = "any('session-series', 'scheduled-sessions')"


def _after() -> tuple[int, str] | None:
    timestamp, item_id = request.args.get("afterTimestamp"), request.args.get("afterId")
    if timestamp is None and item_id is None:
        return None
    if timestamp is None:
        raise BadParameter("afterTimestamp", "a whole number, given together with afterId")
    if item_id is None:
        raise BadParameter("afterId", "an item id, given together with afterTimestamp")
    try:
        value = int(timestamp)
    except ValueError:
        raise BadParameter("afterTimestamp", "a whole number") from None
    if not 0 <= value <= MAX_TIMESTAMP:
        raise BadParameter("afterTimestamp", f"from 0 to {MAX_TIMESTAMP}")
    if len(item_id) > 80:
        raise BadParameter("afterId", "at most 80 characters")
    return value, item_id


@bp.get(f"/<municipality:municipality>/openactive/<{FEED_PATHS}:kind>")
def openactive_feed(municipality: Municipality, kind: str):
    after = _after()
    items = openactive.page(municipality, openactive.KINDS[kind], after, current_app.config["RPDE_PAGE_SIZE"])
    if items:
        after = (items[-1].modified, items[-1].item_id)
    values = {} if after is None else {"afterTimestamp": after[0], "afterId": after[1]}
    body = {
        "next": external_url("offers.openactive_feed", municipality=municipality, kind=kind, **values),
        "items": [openactive.item_json(item) for item in items],
        "license": openactive.LICENSE,
    }
    return _open(jsonify(body), openactive.last_change(municipality, openactive.KINDS[kind]))


def _dataset(municipality: Municipality) -> dict:
    home = external_url("offers.openactive_dataset", municipality=municipality)
    return {
        "@context": ["https://schema.org/", "https://openactive.io/"],
        "@type": "Dataset",
        "@id": home,
        "url": home,
        "name": f"{municipality.name}: OpenActive",
        "description": f"Physical activities for older people living at home in {municipality.name}, as open data.",
        "license": openactive.LICENSE,
        "inLanguage": ["nb", "nn"],
        "schemaVersion": "https://openactive.io/modelling-opportunity-data/2.0/",
        "publisher": {"@type": "Organization", "name": municipality.name, "url": home},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": kind,
                "additionalType": f"https://openactive.io/{kind}",
                "encodingFormat": openactive.RPDE_MEDIA_TYPE,
                "contentUrl": external_url("offers.openactive_feed", municipality=municipality, kind=path),
                "identifier": path,
            }
            for path, kind in openactive.KINDS.items()
        ],
    }


@bp.get("/<municipality:municipality>/openactive")
def openactive_dataset(municipality: Municipality):
    dataset = _dataset(municipality)
    return render_template("offers/openactive.html", municipality=municipality, dataset=dataset)

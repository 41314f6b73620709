"""Contract test: Schemathesis generates requests from the HSDS 3.0 OpenAPI document for the
endpoints we implement and finds no 5xx and no response that breaks the document's schemas.

The document refers to its schemas by remote URLs that cannot be fetched here; they are bundled
in from the copies in tests/offers/hsds/ (see its README) before Schemathesis reads it."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urljoin

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.offers.conftest import make_offer
from tests.offers.test_api import _schema
from webapp.extensions import db
from webapp.offers.models import Organization, StaircaseLevel

EXAMPLES = 20  # per endpoint and mode: the whole run stays well under a minute
REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
LOCAL = {
    "compiled/service.json": "compiled_service.json",
    "compiled/service_list.json": "compiled_service_list.json",
    "taxonomy.json": "taxonomy.json",
    "taxonomy_term.json": "taxonomy_term.json",
    "metadata.json": "metadata.json",
}
# The endpoints we implement; organizations and service_at_locations are not published (yet).
COVERED = (
    "/",
    "/services",
    "/services/{id}",
    "/taxonomies",
    "/taxonomies/{id}",
    "/taxonomy_terms",
    "/taxonomy_terms/{id}",
)


def bundled() -> dict[str, Any]:
    """The upstream document with every remote $ref replaced by a local one to components/schemas."""
    document = copy.deepcopy(_schema("openapi.json"))
    document["paths"] = {path: item for path, item in document["paths"].items() if path in COVERED}
    document["servers"] = [{"url": "/api"}]
    schemas = document["components"].setdefault("schemas", {})

    def name_of(url: str) -> str:
        relative = url.removeprefix(REMOTE)
        assert relative in LOCAL, f"no local copy of {url}"
        return "hsds_" + relative.removesuffix(".json").replace("/", "_")

    def rewrite(node: Any, base: str) -> Any:
        if isinstance(node, list):
            return [rewrite(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: rewrite(value, base) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            url = urljoin(base, ref)
            name = name_of(url)
            if name not in schemas:
                schemas[name] = {}  # taken: a schema that refers to itself ends here
                schemas[name] = rewrite(_schema(LOCAL[url.removeprefix(REMOTE)]), url)
            node["$ref"] = f"#/components/schemas/{name}"
        return node

    document["paths"] = rewrite(document["paths"], REMOTE)
    return document


def test_the_bundle_has_no_remote_references():
    text = repr(bundled())
    assert "raw.githubusercontent.com" not in text and "hsds_compiled_service" in text


@pytest.fixture
def api_schema(app, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    organisation = Organization(municipality_id=m.id, name="Frivilligsentralen")
    level = StaircaseLevel(municipality_id=m.id, rank=1, title_nb="Mestre selv", title_nn="Meistre sjølv")
    db.session.add_all([organisation, level])
    db.session.commit()
    make_offer(m, category="walking", organization_id=organisation.id, staircase_level_id=level.id, capacity=10)
    make_offer(m, category="dance", price_nok=50, contact_email="kari@kommune.example")
    schema = schemathesis.openapi.from_dict(bundled())
    schema.app = app
    return schema


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_the_api_keeps_the_hsds_contract(api_schema, mode):
    """Valid requests get answers that fit the schemas; invalid ones a JSON 4xx; none a 5xx."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {operation.path for operation in operations} == set(COVERED)
    seen: list[int] = []

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            # The in-process client does not undo compression: ask for none.
            response = case.call_and_validate(
                headers={"Accept-Encoding": "identity"}, checks=[not_a_server_error, response_schema_conformance]
            )
            seen.append(response.status_code)
            if response.status_code >= 400:
                content_type = {k.lower(): v for k, v in response.headers.items()}["content-type"]
                content_type = content_type[0] if isinstance(content_type, list) else content_type
                assert content_type.startswith("application/json"), case.as_curl_command()

        try:
            check()
        except Unsatisfiable:
            # No invalid request can be written for it: no parameters (/), or only a string in
            # the path ({id}), which any text satisfies.
            assert mode == GenerationMode.NEGATIVE and not operation.query, operation.path
    assert seen and max(seen) < 500

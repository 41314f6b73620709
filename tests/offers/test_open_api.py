"""The HSDS 3.0 API beyond the service documents: the metadata endpoint, the standard filters,
taxonomies of categories and staircase steps, contacts and cost options, both standards, JSON
errors for every bad parameter, and read access from any site."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator

from tests.offers.conftest import make_offer
from tests.offers.test_api import _schema
from webapp.extensions import db
from webapp.offers import taxonomy
from webapp.offers.models import Organization, StaircaseLevel


@pytest.fixture
def catalogue(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    organisation = Organization(municipality_id=m.id, name="Frivilligsentralen")
    level = StaircaseLevel(municipality_id=m.id, rank=1, title_nb="Mestre selv", title_nn="Meistre sjølv")
    db.session.add_all([organisation, level])
    db.session.commit()
    walk = make_offer(
        m,
        title_nb="Gågruppe langs elva",
        title_nn="Gågruppe langs elva",
        category="walking",
        organization_id=organisation.id,
        staircase_level_id=level.id,
        contact_name="Kari",
        contact_phone="61 00 00 00",
        contact_email="kari@kommune.example",
    )
    dance = make_offer(m, title_nb="Seniordans", title_nn="Seniordans", category="dance", price_nok=50)
    return m, organisation, level, walk, dance


def names(response) -> set[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["name"] for item in response.get_json()["contents"]}


def test_the_metadata_endpoint_says_version_and_where_the_openapi_document_is(client):
    meta = client.get("/api/").get_json()
    schema = _schema("openapi.json")["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert list(Draft202012Validator(schema["schema"]).iter_errors(meta)) == []
    assert meta["version"] == "3.0" and meta["openapi_url"].endswith("/api/openapi.json")
    document = client.get("/api/openapi.json").get_json()
    assert "/services" in document["paths"] and document["servers"][0]["url"].endswith("/api")


def test_the_standard_filters_narrow_the_list(client, catalogue, clock):
    m, organisation, level, walk, dance = catalogue
    assert names(client.get("/api/services")) == {"Gågruppe langs elva", "Seniordans"}
    assert names(client.get("/api/services?search=elva gågruppe")) == {"Gågruppe langs elva"}
    assert names(client.get("/api/services?search=elva dans")) == set()  # every word must match
    assert names(client.get(f"/api/services?organization_id={organisation.uuid}")) == {"Gågruppe langs elva"}
    walking = next(t.id for t in taxonomy.category_terms() if t.code == "walking")
    dancing = next(t.id for t in taxonomy.category_terms() if t.code == "dance")
    assert names(client.get(f"/api/services?taxonomy_term_id={dancing}")) == {"Seniordans"}
    assert names(client.get(f"/api/services?taxonomy_term_id={walking},{dancing}")) == {
        "Gågruppe langs elva",
        "Seniordans",
    }
    step = taxonomy.staircase_term(level).id
    assert names(client.get(f"/api/services?taxonomy_term_id={step}")) == {"Gågruppe langs elva"}
    staircase = taxonomy.taxonomy_id(taxonomy.STAIRCASE)
    assert names(client.get(f"/api/services?taxonomy_id={staircase}")) == {"Gågruppe langs elva"}
    later = (clock.now + timedelta(minutes=5)).isoformat()
    assert names(client.get("/api/services", query_string={"modified_after": later})) == set()
    clock.shift(timedelta(minutes=10))
    dance.title_nb = "Seniordans på torsdager"
    db.session.commit()
    assert names(client.get("/api/services", query_string={"modified_after": later})) == {"Seniordans på torsdager"}


def test_a_service_carries_its_terms_contact_and_cost_in_both_standards(client, catalogue):
    m, organisation, level, walk, dance = catalogue
    bokmal = client.get(f"/api/services/{walk.uuid}").get_json()
    nynorsk = client.get(f"/api/services/{walk.uuid}", headers={"Accept-Language": "nn"}).get_json()
    validator = Draft202012Validator(_schema("compiled_service.json"))
    assert list(validator.iter_errors(bokmal)) == [] and list(validator.iter_errors(nynorsk)) == []
    walking = next(t for t in taxonomy.category_terms() if t.code == "walking")
    assert [a["taxonomy_term"]["name"] for a in nynorsk["attributes"]] == [walking.names["nn"], "Meistre sjølv"]
    assert bokmal["attributes"][1]["taxonomy_term"]["name"] == "Mestre selv"
    assert bokmal["contacts"][0]["name"] == "Kari" and bokmal["contacts"][0]["phones"][0]["number"] == "61 00 00 00"
    assert bokmal["cost_options"][0]["option"] == "Gratis"
    paid = client.get(f"/api/services/{dance.uuid}?lang=nn").get_json()
    assert paid["cost_options"][0] == {**paid["cost_options"][0], "amount": 50, "option": "Eigenbetaling"}


def test_taxonomies_and_terms_can_be_listed_and_read(client, catalogue):
    m, organisation, level, walk, dance = catalogue
    listed = client.get("/api/taxonomies").get_json()
    assert listed["total_items"] == 2
    for item in listed["contents"]:
        assert client.get(f"/api/taxonomies/{item['id']}").get_json() == item
    terms = client.get("/api/taxonomy_terms?per_page=100&lang=nn").get_json()["contents"]
    assert {"id", "name", "description"} <= set(terms[0])
    assert any(t["name"] == "Meistre sjølv" for t in terms)
    step = client.get(f"/api/taxonomy_terms/{taxonomy.staircase_term(level).id}?lang=nb").get_json()
    assert step["name"] == "Mestre selv" and step["taxonomy_id"] == taxonomy.taxonomy_id(taxonomy.STAIRCASE)
    only_steps = client.get(f"/api/taxonomy_terms?taxonomy_id={taxonomy.taxonomy_id(taxonomy.STAIRCASE)}")
    assert {t["name"] for t in only_steps.get_json()["contents"]} == {"Mestre selv"}
    assert client.get("/api/taxonomy_terms/nothing").status_code == 404


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=x", "page"),
        ("page=0", "page"),
        ("per_page=1000", "per_page"),
        ("modified_after=i går", "modified_after"),
        ("modified_after=9999-01-01", "modified_after"),
        ("lang=de", "lang"),
        ("search=" + "a" * 201, "search"),
    ],
)
def test_every_bad_parameter_is_a_json_400_naming_it(client, query, parameter):
    for path in ("/api/services", "/api/taxonomies", "/api/taxonomy_terms"):
        if parameter == "modified_after" and path != "/api/services":
            continue
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400 and response.is_json, (path, query)
        assert response.get_json()["parameter"] == parameter


def test_any_site_may_read_the_open_data(client, catalogue):
    response = client.get("/api/services", headers={"Origin": "https://kommune.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers

import pytest

from tests.factories import login, make_user
from webapp.accounts.models import Role


def test_404_translated_in_municipality_standard(client, municipalities):
    response = client.get("/oystre-slidre/finst-ikkje")
    assert response.status_code == 404
    client.get("/oystre-slidre/")
    response = client.get("/finst-ikkje", follow_redirects=True)
    assert response.status_code == 404
    assert "Sida finst ikkje" in response.get_data(as_text=True)


def test_500_page_is_translated(client, municipalities):
    client.post("/language", data={"locale": "nn"})
    response = client.get("/test-only/boom")
    assert response.status_code == 500
    assert "Noko gjekk gale" in response.get_data(as_text=True)


def test_role_guard_sends_anonymous_to_login(client, municipalities):
    response = client.get("/test-only/oystre-slidre/editors")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_role_guard_gives_403_without_role_and_in_other_municipality(client, municipalities, ctx):
    citizen = make_user(roles=(Role.CITIZEN,))
    login(client, citizen)
    response = client.get("/test-only/oystre-slidre/editors")
    assert response.status_code == 403
    assert "Du har ikkje tilgang" in response.get_data(as_text=True)

    editor = make_user(roles=((Role.EDITOR, municipalities["vestre-toten"]),))
    other = client.application.test_client()
    login(other, editor)
    assert other.get("/test-only/oystre-slidre/editors").status_code == 403
    assert other.get("/test-only/vestre-toten/editors").status_code == 200


def test_administrator_passes_every_role_guard(client, municipalities, ctx):
    admin = make_user(roles=(Role.ADMINISTRATOR,))
    login(client, admin)
    assert client.get("/test-only/oystre-slidre/editors").status_code == 200


def test_one_person_several_roles(ctx, municipalities):
    person = make_user(
        roles=((Role.VOLUNTEER, municipalities["gausdal"]), (Role.RELATIVE, municipalities["gausdal"]), Role.CITIZEN)
    )
    assert person.has_role(Role.VOLUNTEER, municipalities["gausdal"])
    assert person.has_role(Role.RELATIVE, municipalities["gausdal"])
    assert not person.has_role(Role.VOLUNTEER, municipalities["vestre-toten"])
    assert person.has_role(Role.CITIZEN, municipalities["vestre-toten"])  # global grant
    assert not person.has_role(Role.EDITOR)


@pytest.mark.parametrize(
    "path",
    [
        "/?q=%ff%fe",
        "/login?next=%ff",
        "/oystre-slidre/?x=" + "a" * 10000,
        "/region/%ff/",
        "/region/" + "x" * 500 + "/",
        "/confirm/%3Cscript%3E",
        "/reset-password/' OR 1=1 --",
    ],
)
def test_hostile_urls_never_500(client, municipalities, path):
    assert client.get(path).status_code < 500

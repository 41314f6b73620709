"""Which standard a page is shown in: user setting → visit's choice → municipality → browser."""

from tests.factories import login, make_user
from webapp.extensions import db


def lang(response) -> str:
    text = response.get_data(as_text=True)
    return text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_municipality_default(client, municipalities):
    assert lang(client.get("/oystre-slidre/")) == "nn"
    assert lang(client.get("/vestre-toten/")) == "nb"
    assert lang(client.get("/gausdal/")) == "nb"


def test_browser_language_when_page_has_no_municipality(client, municipalities):
    assert lang(client.get("/", headers={"Accept-Language": "nn-NO,nn;q=0.9"})) == "nn"
    # a browser's plain "no" means bokmål
    assert lang(client.get("/", headers={"Accept-Language": "no,en;q=0.5"})) == "nb"
    assert lang(client.get("/", headers={"Accept-Language": "en-GB"})) == "nb"


def test_choice_sticks_for_the_visit_over_municipality_default(client, municipalities):
    client.post("/language", data={"locale": "nb", "next": "/oystre-slidre/"})
    assert lang(client.get("/oystre-slidre/")) == "nb"
    client.post("/language", data={"locale": "nn", "next": "/"})
    assert lang(client.get("/vestre-toten/")) == "nn"


def test_switch_redirects_back_only_to_this_site(client, municipalities):
    response = client.post("/language", data={"locale": "nn", "next": "/oystre-slidre/?q=1"})
    assert response.headers["Location"] == "/oystre-slidre/?q=1"
    response = client.post("/language", data={"locale": "nn", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    response = client.post("/language", data={"locale": "nn", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_unknown_locale_is_ignored(client, municipalities):
    client.post("/language", data={"locale": "de", "next": "/"})
    assert lang(client.get("/vestre-toten/")) == "nb"


def test_logged_in_choice_is_stored_in_profile_and_wins(client, municipalities, ctx):
    user = make_user(locale="nb")
    login(client, user)
    assert lang(client.get("/oystre-slidre/")) == "nb"  # the profile beats the municipality
    client.post("/language", data={"locale": "nn", "next": "/"})
    db.session.expire_all()
    assert db.session.get(type(user), user.id).locale == "nn"
    other = client.application.test_client()
    login(other, user)
    assert lang(other.get("/vestre-toten/")) == "nn"


def test_switch_is_on_every_page(client, municipalities):
    for path in ("/", "/oystre-slidre/", "/login", "/register", "/forgot-password", "/finst/ikkje"):
        text = client.get(path).get_data(as_text=True)
        assert 'action="/language"' in text and ">Nynorsk<" in text and ">Bokmål<" in text, path

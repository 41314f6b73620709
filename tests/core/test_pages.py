import pytest

from tests.a11y import assert_accessible


def test_front_page_uses_municipality_standard(client, municipalities):
    page = client.get("/oystre-slidre/").get_data(as_text=True)
    assert '<html lang="nn"' in page
    assert "Velkomen til Øystre Slidre kommune" in page
    page = client.get("/vestre-toten/").get_data(as_text=True)
    assert "Velkommen til Vestre Toten kommune" in page


@pytest.mark.browser
def test_front_page_accessible(page, live_server, browser_app, municipalities):
    page.goto(f"{live_server.url}/oystre-slidre/")
    assert page.get_by_role("heading", level=1).inner_text() == "Velkomen til Øystre Slidre kommune"
    assert_accessible(page)

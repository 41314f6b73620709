"""The embed in a real browser: a listed website shows it in its iframe, any other website gets
nothing; the embed, the editor's and the administrator's pages pass axe and fit a phone."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.offers.conftest import make_offer
from webapp.accounts.models import Role
from webapp.extensions import db

pytestmark = pytest.mark.browser
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


class _Website:
    """The municipality's own website: a real server elsewhere on this machine (another origin)
    whose page holds the copied snippet."""

    def __init__(self) -> None:
        self.src = ""
        website = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                body = (
                    '<!doctype html><html lang="nn"><title>Kommunen</title>'
                    f'<iframe src="{website.src}" title="Tilbod"></iframe></html>'
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def websites():
    listed, other = _Website(), _Website()
    yield listed, other
    listed.close()
    other.close()


@pytest.fixture
def framed_municipality(ctx, municipalities, websites):
    municipality = municipalities["oystre-slidre"]
    municipality.embed_origins = websites[0].origin
    db.session.commit()
    make_offer(municipality, days=("TH",), title_nn="Gågruppa")
    return municipality


def test_only_a_listed_website_shows_the_embed(browser, browser_app, live_server, framed_municipality, websites):
    listed, other = websites
    listed.src = other.src = f"{live_server.url}/oystre-slidre/embed/offers"
    page = browser.new_context().new_page()
    page.goto(f"{listed.origin}/tilbod")
    frame = page.frame_locator("iframe")
    frame.get_by_role("heading", level=1, name="Tilbod denne veka i Øystre Slidre").wait_for()
    assert frame.get_by_role("link", name="Gågruppa").count() == 1

    page = browser.new_context().new_page()
    with page.expect_response(other.src) as answered:
        page.goto(f"{other.origin}/tilbod")
    assert answered.value.status == 200  # served, but the browser will not show it on this website
    page.wait_for_timeout(500)
    assert "Gågruppa" not in page.frames[1].content()


@pytest.mark.parametrize("width", [320, 1024])
def test_the_embed_pages_are_accessible(browser, browser_app, live_server, framed_municipality, width):
    page = browser.new_context(viewport={"width": width, "height": 700}).new_page()
    page.goto(f"{live_server.url}/oystre-slidre/embed/offers")
    assert page.evaluate(FITS)
    assert_accessible(page)

    admin = make_user(((Role.ADMINISTRATOR, framed_municipality),), framed_municipality, locale="nn")
    page.set_viewport_size({"width": 1024, "height": 700})  # the menu with "Logg ut" unfolded
    log_in(page, live_server.url, admin.email, "/oystre-slidre/offers/manage/embed")
    page.set_viewport_size({"width": width, "height": 700})
    page.get_by_role("heading", level=1).wait_for()
    assert page.evaluate(FITS)
    assert_accessible(page)
    page.get_by_role("link", name="Endre nettstadene og fargen").click()
    page.get_by_label("Nettstader som kan vise tilboda").fill("https://www.kommune.no/side")
    page.get_by_role("button", name="Lagre").click()
    page.locator(".ds-error-summary").wait_for()
    assert page.evaluate(FITS)
    assert_accessible(page)
    page.goto(f"{live_server.url}/oystre-slidre/openactive")
    assert page.evaluate(FITS)
    assert_accessible(page)

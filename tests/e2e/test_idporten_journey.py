"""In a real browser, through a real provider configured like ID-porten (tests/idporten_provider.mjs),
in nynorsk (Øystre Slidre): a relative logs in at level high and books; a relative at substantial
is asked to step up before respite; logging out ends ours and goes on to the provider's end-session
endpoint."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.factories import make_user
from tests.idporten_support import CLIENT, PID_SECRET, SECRET, running_provider
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts import idporten
from webapp.accounts.models import Role
from webapp.clock import today as oslo_today
from webapp.respite.models import CareReceiver

pytestmark = pytest.mark.browser
PID = "01019040034"


@pytest.fixture(scope="module")
def idporten_issuer(live_server: Any) -> Iterator[str]:
    base = live_server.url
    with running_provider(base + "/idporten/callback", base + "/idporten/logged-out") as url:
        yield url


@pytest.fixture
def relative(browser_app: Any, idporten_issuer: str, monkeypatch: pytest.MonkeyPatch, municipalities: Any) -> Any:
    for name, value in (
        ("IDPORTEN_ISSUER", idporten_issuer),
        ("IDPORTEN_CLIENT_ID", CLIENT),
        ("IDPORTEN_CLIENT_SECRET", SECRET),
        ("IDPORTEN_PID_SECRET", PID_SECRET),
    ):
        monkeypatch.setitem(browser_app.config, name, value)
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m, places=3, name="Helsetunet avlasting")
    person = make_user(
        roles=(Role.RELATIVE,),
        municipality=m,
        locale="nn",
        name="Per Pårørande",
        pid_hash=idporten.pid_hash(PID, PID_SECRET),
    )
    receiver = CareReceiver(municipality_id=m.id, name="Marit Mor", birth_year=1941)
    make_decision(m, [unit], [person], receiver=receiver, valid_from=oslo_today())
    return person


def log_in_at_provider(page: Any, level: str) -> None:
    """The provider's own login page: the identity number and the level, as MinID or BankID asks."""
    page.get_by_label("Fødselsnummer").fill(PID)
    page.get_by_label("Nivå").select_option(level)
    page.get_by_role("button", name="Logg inn").click()


def test_a_relative_logs_in_at_level_high_and_books(page: Any, live_server: Any, relative: Any) -> None:
    base = live_server.url
    page.goto(f"{base}/login?next=/oystre-slidre/respite")
    assert_accessible(page)
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    log_in_at_provider(page, idporten.HIGH)

    expect(page.get_by_role("heading", level=1)).to_have_text("Avlasting for pårørande")
    page.get_by_role("link", name="Marit Mor").click()
    arrival = oslo_today() + timedelta(days=3)
    page.get_by_label("Ankomst").fill(arrival.isoformat())
    page.get_by_label("Avreise").fill((arrival + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Stadfest bestillinga").click()
    expect(page.get_by_text("Opphaldet er bestilt.")).to_be_visible()


def test_a_relative_at_substantial_is_asked_to_step_up_before_respite(
    page: Any, live_server: Any, relative: Any
) -> None:
    base = live_server.url
    page.goto(f"{base}/login?next=/oystre-slidre/respite")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    log_in_at_provider(page, idporten.SUBSTANTIAL)

    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn på eit høgare tryggingsnivå")
    expect(page.get_by_text(re.compile("Avlasting og søknader viser helseopplysningar"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    # ID-porten asks again, since the level asked for is higher than the session's.
    log_in_at_provider(page, idporten.HIGH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Avlasting for pårørande")


def test_logging_out_ends_ours_and_goes_on_to_end_the_provider_session(
    page: Any, live_server: Any, relative: Any, idporten_issuer: str
) -> None:
    """The browser really goes on to the provider (the page's policy lets the logout form lead
    there). That the provider's session then ends is shown over HTTP in
    tests/accounts/test_idporten_login.py, which confirms at the provider's own page."""
    base = live_server.url
    page.goto(f"{base}/login?next=/my-pages")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    log_in_at_provider(page, idporten.HIGH)
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()

    with page.expect_request(re.compile(rf"^{re.escape(idporten_issuer)}/session/end\?")) as ended:
        page.get_by_role("button", name="Logg ut").click()
    query = parse_qs(urlsplit(ended.value.url).query)
    assert query["post_logout_redirect_uri"] == [f"{base}/idporten/logged-out"]
    assert query["id_token_hint"][0].count(".") == 2

    page.goto(f"{base}/my-pages")
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)my-pages$"))


def test_a_new_person_is_asked_how_to_reach_them_and_the_pages_pass_axe(
    page: Any, live_server: Any, relative: Any
) -> None:
    base = live_server.url
    page.goto(f"{base}/oystre-slidre/")  # the municipality's standard, nynorsk, from here on
    page.goto(f"{base}/idporten/callback?error=access_denied")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du logga ikkje inn")
    assert_accessible(page)

    page.goto(f"{base}/login?next=/my-pages")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    page.get_by_label("Fødselsnummer").fill("15053820074")  # nobody here has this number yet
    page.get_by_label("Nivå").select_option(idporten.SUBSTANTIAL)
    page.get_by_role("button", name="Logg inn").click()
    # ID-porten said the person reads bokmål (the provider's `locale`), so the pages follow.
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvordan kan vi nå deg?")
    assert_accessible(page)
    page.get_by_label("Navn").fill("Nils Ny")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", name="Rett opp dette")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mobiltelefon").fill("912 34 567")
    page.get_by_role("button", name="Lagre").click()
    expect(page).to_have_url(re.compile(r"/my-pages$"))

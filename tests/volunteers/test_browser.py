"""The whole journey in a browser, in nynorsk: sign up, onboarding, a task, the e-mail link, hours
and the chart. Once with JavaScript and axe on every page (in nn and nb), once without JavaScript."""

from __future__ import annotations

import re
from email.header import decode_header, make_header

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.mail import first_link
from tests.volunteers.conftest import make_place, next_weekday
from webapp.accounts.models import Role
from webapp.clock import local

pytestmark = pytest.mark.browser


def check(page, axe: bool) -> None:
    if axe:
        assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_volunteer_journey(browser, live_server, browser_app, smtp, monkeypatch, oystre, javascript):
    monkeypatch.setitem(browser_app.config, "OUTBOX_SEND_AFTER_REQUEST", True)
    make_place(oystre, "Heggenes")
    make_place(oystre, "Beitostølen", 61.247, 8.910)
    person = make_user(municipality=oystre, locale="nn", name="Sigrid Sæter")
    boss = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale="nn", name="Kari Koordinator")
    base = f"{live_server.url}/oystre-slidre/volunteer"
    axe = javascript

    volunteer_context = browser.new_context(java_script_enabled=javascript)
    me = volunteer_context.new_page()
    log_in(me, live_server.url, person.email, "/oystre-slidre/volunteer")
    me.goto(base)
    check(me, axe)
    me.get_by_role("link", name="Meld deg som frivillig").click()
    me.get_by_label("Følgjeteneste").check()
    me.get_by_label("Norsk", exact=True).check()
    me.get_by_label("Kvar bur du?").select_option(label="Heggenes")
    me.get_by_label("Eg har bil eg kan bruke").check()
    me.get_by_label("Eg har førarkort").check()
    me.get_by_label("Tysdag formiddag").check()
    me.get_by_label("Fødselsår").fill("1975")
    me.get_by_label("Eg samtykkjer i at frivilligsentralen lagrar").check()
    check(me, axe)
    me.get_by_role("button", name="Send").click()
    assert me.get_by_role("heading", level=1).inner_text() == "Frivilligsida di"
    me.get_by_role("button", name="Eg skriv under erklæringa").click()
    assert "signed" not in me.content()
    check(me, axe)

    coordinator_context = browser.new_context(java_script_enabled=javascript)
    boss_page = coordinator_context.new_page()
    log_in(boss_page, live_server.url, boss.email, "/oystre-slidre/volunteer")
    boss_page.goto(f"{base}/coordinator")
    check(boss_page, axe)
    boss_page.get_by_role("link", name="Sigrid Sæter").click()
    boss_page.get_by_label("Dato").first.fill(
        local(next_weekday(1)).date().replace(year=2026, month=1, day=5).isoformat()
    )
    boss_page.get_by_role("button", name="Merk samtalen som gjennomført").click()
    check(boss_page, axe)
    boss_page.get_by_role("button", name="Godkjenn som frivillig").click()
    assert "Sigrid Sæter er godkjend som frivillig." in boss_page.content()

    boss_page.get_by_role("link", name="Oppdrag", exact=True).click()
    check(boss_page, axe)
    boss_page.get_by_role("link", name="Nytt oppdrag").click()
    boss_page.get_by_label("Rolle").select_option(label="Følgjeteneste")
    boss_page.get_by_label("Kort skildring").fill("Følgje til legekontoret")
    starts = local(next_weekday(1))
    boss_page.get_by_label("Dato").fill(starts.date().isoformat())
    boss_page.get_by_label("Tid").fill("10:00")
    boss_page.get_by_label("Stad").select_option(label="Heggenes")
    boss_page.get_by_label("Namn på den som får hjelp").fill("Knut")
    boss_page.get_by_label("Det den frivillige treng å vite").fill("Brukar stokk.")
    check(boss_page, axe)
    boss_page.get_by_role("button", name="Opprett oppdrag").click()
    first_row = boss_page.locator("table.ranking tbody tr").first
    assert "Sigrid Sæter" in first_row.inner_text()
    check(boss_page, axe)
    boss_page.get_by_role("button", name="Spør Sigrid Sæter").click()
    assert "Sigrid Sæter har fått spørsmål på e-post." in boss_page.content()

    mail = smtp.wait_for(person.email)[0]
    assert "Følgje til legekontoret" in str(make_header(decode_header(mail["Subject"])))
    me.goto(first_link(mail))
    check(me, axe)
    me.get_by_role("button", name="Ja, eg tek oppdraget").click()
    assert me.get_by_role("heading", level=1).inner_text() == "Takk"
    me.goto(f"{base}/me")
    me.get_by_role("link", name="Følgje til legekontoret").click()
    assert "Brukar stokk." in me.content()
    check(me, axe)
    me.go_back()
    me.get_by_label("Oppdrag", exact=True).select_option(label="Følgje til legekontoret")
    me.get_by_label("Dato").fill(local(next_weekday(1)).date().replace(year=2026, month=1, day=6).isoformat())
    me.get_by_label("Timar", exact=True).fill("2")
    me.get_by_role("button", name="Registrer timar").click()
    assert "Koordinatoren godkjenner timane dine" in me.content()
    check(me, axe)

    boss_page.get_by_role("link", name="Timar").click()
    check(boss_page, axe)
    boss_page.get_by_role("button", name="Godkjenn 2 timar for Sigrid Sæter").click()
    boss_page.get_by_role("link", name="Statistikk").click()
    assert "/oystre-slidre/reports/volunteers" in boss_page.url  # the statistics are the report
    boss_page.goto(f"{base}/coordinator/stats?year=2026")
    assert boss_page.url.endswith("/oystre-slidre/reports/volunteers?start=2026-01&end=2026-12")
    chart = boss_page.get_by_role("img", name=re.compile("Godkjende frivillige timar per månad"))
    assert chart.count() == 1
    assert boss_page.get_by_role("row", name=re.compile(r"^januar 2026 1 2 1")).count() == 1
    check(boss_page, axe)
    if axe:
        for path in ("/batch", "/interest", ""):
            boss_page.goto(f"{base}/coordinator{path}")
            assert_accessible(boss_page)
        # The same pages in bokmål.
        boss_page.get_by_role("button", name="Bokmål").click()
        for path in ("/stats?year=2026", "/hours", "/batch", "/interest", "", "/tasks", "/tasks/new"):
            boss_page.goto(f"{base}/coordinator{path}")
            assert_accessible(boss_page)
        boss_page.goto(f"{base}/coordinator/tasks")
        boss_page.get_by_role("link", name="Følgje til legekontoret").click()
        assert_accessible(boss_page)
        boss_page.get_by_role("link", name="Frivillige", exact=True).first.click()
        boss_page.get_by_role("link", name="Sigrid Sæter").click()
        assert_accessible(boss_page)
        me.get_by_role("button", name="Bokmål").click()
        for path in ("", "/sign-up", "/me"):
            me.goto(f"{base}{path}")
            assert_accessible(me)
        assert "Frivilligsiden din" in me.content()
    volunteer_context.close()
    coordinator_context.close()

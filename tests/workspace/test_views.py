"""The start page: one section per staff role held in the municipality, counts that link on, and
the counts fragment htmx fetches; who may see what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.factories import login, make_user
from tests.workspace.conftest import ALL_STAFF, make_booking, staff_user, today
from webapp.accounts.models import Role
from webapp.respite.models import BookingStatus

TITLES = {
    Role.VOLUNTEER_COORDINATOR: "Frivillighetskoordinator",
    Role.ALLOCATION_OFFICER: "Saksbehandler ved tildelingskontoret",
    Role.EDITOR: "Redaktør",
    Role.UNIT_STAFF: "Ansatt ved enhet",
}


def _headings(html: str) -> list[str]:
    return re.findall(r'<h2 class="ds-heading" data-size="md" id="heading-[a-z_]+">([^<]+)</h2>', html)


@pytest.mark.parametrize("role", ALL_STAFF, ids=lambda r: r.value)
def test_each_role_sees_its_own_section_and_no_other(client, world, role):
    login(client, staff_user(world.m, roles=(role,)))
    response = client.get(f"/{world.m.slug}/workspace")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _headings(html) == [TITLES[role]]
    assert f'hx-get="/{world.m.slug}/workspace/counts/{role.value}"' in html
    assert 'hx-trigger="every 60s"' in html and 'aria-live="polite"' in html


def test_a_person_with_all_roles_sees_all_sections_with_links_to_where_things_are_handled(client, world):
    make_booking(world.decision, world.unit, today(), today() + timedelta(days=2), BookingStatus.PENDING)
    login(client, staff_user(world.m))
    html = client.get(f"/{world.m.slug}/workspace").get_data(as_text=True)
    assert _headings(html) == [TITLES[r] for r in ALL_STAFF]
    for path in (
        "/volunteer/coordinator/interest",
        "/respite/office/bookings",
        "/offers/manage",
        "/offers/manage/today",
        "/respite/unit",
        "/reports",
    ):
        assert f'href="/{world.m.slug}{path}"' in html
    pending = re.search(r'href="/vestre-toten/respite/office/bookings"><span class="workspace-item__count">(\d+)', html)
    assert pending and pending.group(1) == "1"


def test_logged_out_goes_to_login_and_other_people_get_403(client, world):
    for path in ("/workspace", "/workspace/counts/editor"):
        response = client.get(f"/{world.m.slug}{path}")
        assert response.status_code == 302 and "/login" in response.location
    # A poll after the session ended must not swap the login page into the start page.
    assert client.get(f"/{world.m.slug}/workspace/counts/editor", headers={"HX-Request": "true"}).status_code == 401
    login(client, make_user(roles=(Role.CITIZEN, Role.VOLUNTEER, Role.RELATIVE), municipality=world.m))
    assert client.get(f"/{world.m.slug}/workspace").status_code == 403
    client.post("/logout")
    login(client, staff_user(world.other))
    assert client.get(f"/{world.m.slug}/workspace").status_code == 403
    assert client.get(f"/{world.m.slug}/workspace/counts/editor").status_code == 403
    assert client.get(f"/{world.other.slug}/workspace").status_code == 200


def test_the_counts_fragment_is_only_the_fragment_and_only_for_roles_held(client, world):
    make_booking(world.decision, world.unit, today(), today() + timedelta(days=2), BookingStatus.PENDING)
    login(client, staff_user(world.m, roles=(Role.ALLOCATION_OFFICER,)))
    response = client.get(f"/{world.m.slug}/workspace/counts/allocation_officer", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert html.lstrip().startswith('<div id="counts-allocation_officer"')
    assert "<html" not in html and "<main" not in html
    assert html.count('id="counts-allocation_officer"') == 1
    assert re.search(r'office/bookings"><span class="workspace-item__count">1<', html)
    assert client.get(f"/{world.m.slug}/workspace/counts/editor").status_code == 403
    assert client.get(f"/{world.m.slug}/workspace/counts/citizen").status_code == 404
    assert client.get(f"/{world.m.slug}/workspace/counts/%3Cscript%3E").status_code == 404


def test_the_menu_and_profile_link_the_workspace_only_for_staff(client, world):
    login(client, make_user(roles=(Role.CITIZEN,), municipality=world.m))
    assert "/workspace" not in client.get(f"/{world.m.slug}/").get_data(as_text=True)
    client.post("/logout")
    login(client, make_user(roles=((Role.EDITOR, world.m),), municipality=world.m, locale="nn"))
    assert f'href="/{world.m.slug}/workspace">Arbeidsflate<' in client.get(f"/{world.m.slug}/").get_data(as_text=True)
    assert f'href="/{world.m.slug}/workspace">Arbeidsflate i Vestre Toten<' in client.get("/profile").get_data(
        as_text=True
    )
    assert "/workspace" not in client.get(f"/{world.other.slug}/").get_data(as_text=True)


def test_unit_staff_without_units_and_the_page_without_javascript(client, world):
    login(client, make_user(roles=(Role.UNIT_STAFF,), municipality=world.m, locale="nn"))
    html = client.get(f"/{world.m.slug}/workspace").get_data(as_text=True)
    assert "Du er ikkje knytt til ei eining enno." in html
    # Without JavaScript every count is still a plain link to the page where it is handled.
    assert '<a href="/vestre-toten/respite/unit"><span class="workspace-item__count">0</span>' in html


def test_unchanged_counts_answer_204_so_nothing_is_swapped_or_announced(client, world):
    login(client, staff_user(world.m, roles=(Role.ALLOCATION_OFFICER,)))
    url = f"/{world.m.slug}/workspace/counts/allocation_officer"
    html = client.get(f"/{world.m.slug}/workspace").get_data(as_text=True)
    seen = re.search(r'hx-vals=\'\{"seen": "([0-9-]+)"\}\'', html).group(1)
    assert seen == "0-0-0-0"
    assert client.get(url, query_string={"seen": seen}).status_code == 204
    make_booking(world.decision, world.unit, today(), today() + timedelta(days=2), BookingStatus.PENDING)
    changed = client.get(url, query_string={"seen": seen})
    assert changed.status_code == 200 and '"seen": "0-1-0-0"' in changed.get_data(as_text=True)

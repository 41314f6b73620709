"""Staff removals and refusals ask first: the button on the page carries `ask`, and a POST with it
changes nothing and answers with a page that says what will be lost, repeats the form and leads back.
Its own button then does the work."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.accounts.test_access import _grant
from tests.factories import login, make_user
from tests.respite.test_views import world  # noqa: F401 (a fixture)
from webapp.accounts.models import Role, RoleGrant
from webapp.extensions import db
from webapp.respite.models import Booking, BookingStatus, Decision, DecisionRelative


def hidden(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_taking_a_role_away_asks_first_then_does_it(client, municipalities):
    m = municipalities["oystre-slidre"]
    admin = make_user(roles=(Role.ADMINISTRATOR,), locale="nn")
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=m, name="Kari Koordinator")
    grant_id = _grant(coordinator, Role.VOLUNTEER_COORDINATOR).id
    login(client, admin)
    listing = client.get("/admin/access").get_data(as_text=True)
    assert 'name="ask" value="1"' in listing and 'name="return_to" value="/admin/access"' in listing
    asked = client.post(f"/admin/access/{grant_id}/remove", data={"ask": "1", "return_to": "/admin/access"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Er du sikker?" in page
    assert "Personen mistar tilgangen som denne rolla gir." in page
    assert f'action="/admin/access/{grant_id}/remove"' in page and 'href="/admin/access"' in page
    assert "ask" not in hidden(page)  # the confirm button does the work
    assert db.session.get(RoleGrant, grant_id) is not None  # asking changed nothing
    assert client.post(f"/admin/access/{grant_id}/remove").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(RoleGrant).where(RoleGrant.id == grant_id)) is None


def test_a_way_back_never_leaves_the_site(client, municipalities):
    m = municipalities["oystre-slidre"]
    admin = make_user(roles=(Role.ADMINISTRATOR,), locale="nn")
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=m)
    grant = _grant(coordinator, Role.VOLUNTEER_COORDINATOR)
    login(client, admin)
    page = client.post(f"/admin/access/{grant.id}/remove", data={"ask": "1", "return_to": "//evil.example/x"}).get_data(
        as_text=True
    )
    assert "evil.example" not in page


def test_removing_a_relative_asks_first_and_keeps_the_form(client, world):  # noqa: F811
    m, unit, relative, decision, *_ = world
    brother = make_user(roles=(Role.RELATIVE,), municipality=m, locale="nn", name="Bror Bror")
    decision.relatives.append(
        DecisionRelative(user=brother, consent_given_by="Olav", consent_date=decision.valid_from, consent_method="oral")
    )
    db.session.commit()
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    login(client, officer)
    form_page = client.get(f"/oystre-slidre/respite/office/decisions/{decision.id}").get_data(as_text=True)
    assert form_page.count('name="ask" value="1"') >= 2  # removing a relative, ending the decision
    path = f"/oystre-slidre/respite/office/decisions/{decision.id}/relatives/{brother.id}/remove"
    page = client.post(path, data={"ask": "1"}).get_data(as_text=True)
    assert "Den pårørande kan ikkje lenger sjå eller bestille opphald i dette vedtaket." in page
    db.session.expire_all()
    assert brother.id in [r.user_id for r in db.session.get(Decision, decision.id).relatives]
    assert client.post(path).status_code == 302
    db.session.expire_all()
    assert brother.id not in [r.user_id for r in db.session.get(Decision, decision.id).relatives]


def test_declining_asks_first_with_the_reason_kept_but_approving_does_not(client, world):  # noqa: F811
    m, unit, relative, decision, *_ = world
    decision.needs_approval = True
    booking = Booking(
        decision_id=decision.id,
        respite_unit_id=unit.id,
        booked_by_id=relative.id,
        arrival=decision.valid_from + timedelta(days=10),
        departure=decision.valid_from + timedelta(days=11),
        status=BookingStatus.PENDING,
    )
    db.session.add(booking)
    db.session.commit()
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    login(client, officer)
    base = f"/oystre-slidre/respite/office/bookings/{booking.id}"
    page = client.post(f"{base}/decline", data={"ask": "1", "decide-reason": "Fullt den veka"}).get_data(as_text=True)
    assert "Dei pårørande får beskjed om at opphaldet er avslått." in page
    assert hidden(page)["decide-reason"] == "Fullt den veka"
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.PENDING
    assert client.post(f"{base}/approve", data={"ask": "1"}).status_code == 302  # approving is not asked
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.CONFIRMED

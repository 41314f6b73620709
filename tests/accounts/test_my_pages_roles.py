"""Mine sider for each kind of person: the relative (bookings with change and cancel, applications
with status in words and the expected processing time, what staff did on the phone), the volunteer
(tasks and interest), staff (a way to their workspace), and a print view."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import login, make_user
from tests.respite.conftest import make_decision, make_respite_unit
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts import assisted
from webapp.accounts.models import Role
from webapp.respite import office
from webapp.volunteers import interests
from webapp.volunteers import services as volunteering

ANSWERS = dict(
    receiver_name="Marit Mor",
    receiver_birth_year=1941,
    relation="dotter",
    care_work="Mat og medisinar.",
    hours_per_week="20-40",
    what_would_help="",
    kind_wanted="institution",
    consent="self",
    consent_by="Marit Mor",
)


def test_a_relative_sees_bookings_applications_and_what_was_done_by_phone(app, client, ctx, municipalities, clock):
    m = municipalities["oystre-slidre"]
    relative = make_user(roles=((Role.RELATIVE, m),), municipality=m, locale="nn")
    unit = make_respite_unit(m)
    decision = make_decision(m, [unit], [relative])
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, m),), name="Siri Sakshandsamar")
    arrival = clock.today + timedelta(days=10)
    booking = assisted.book_respite(officer, m, relative, decision.id, unit.id, arrival, arrival + timedelta(days=2))
    application = office.apply(relative, m, office.ApplicationData(**ANSWERS))
    login(client, relative)

    html = client.get("/my-pages").get_data(as_text=True)
    assert f"/oystre-slidre/respite/bookings/{booking.id}/change" in html
    assert f"/oystre-slidre/respite/bookings/{booking.id}/cancel" in html and "Avbestill opphaldet" in html
    assert f'href="/oystre-slidre/respite/bookings/{booking.id}"' in html  # the receipt
    assert f"/oystre-slidre/respite/bookings/{booking.id}/stay.ics" in html and "Legg til i kalender" in html
    assert f'id="application-{application.id}"' in html
    assert "Forventa handsamingstid: om lag 10 vekedagar." in html
    assert 'id="done-by-phone"' in html and "Siri Sakshandsamar" in html
    assert 'id="print-my-pages"' in html and "data-print" in html

    # a decided application: no processing time any more
    office.set_application_status(officer, application, "granted")
    html = client.get("/my-pages").get_data(as_text=True)
    assert f'id="application-{application.id}"' in html and "Forventa handsamingstid" not in html


def test_a_volunteer_sees_tasks_and_interest(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    volunteering.ensure_roles()
    volunteer = make_volunteer(m)
    task = make_task(m, title="Handletur med Knut")
    interests.express_interest(volunteer, task_id=task.id)
    login(client, volunteer.user)
    html = client.get("/my-pages").get_data(as_text=True)
    assert 'id="volunteering"' in html and "/oystre-slidre/volunteer/me" in html
    assert "Interesse du har vist:" in html and "Handletur med Knut" in html and "Ventar på svar" in html


def test_staff_find_their_workspace_and_citizens_do_not(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, m),), locale="nn")
    login(client, coordinator)
    html = client.get("/my-pages").get_data(as_text=True)
    assert 'id="my-workspaces"' in html and 'href="/oystre-slidre/workspace"' in html

    client.post("/logout")
    citizen = make_user(municipality=m, locale="nn")
    login(client, citizen)
    html = client.get("/my-pages").get_data(as_text=True)
    assert 'id="my-workspaces"' not in html and 'id="print-my-pages"' in html

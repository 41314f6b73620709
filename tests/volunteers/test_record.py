"""The record of service: roles, periods and approved hours per role and year, in the volunteer's
standard, as a page and a PDF; the volunteer's own, and a coordinator's for their centre only."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.volunteers.models import HourLog
from webapp.volunteers.record import record_of

OWN = "/oystre-slidre/volunteer/me/record"


def _hours(volunteer, task, day: date, minutes: int, status: str = "approved") -> None:
    db.session.add(HourLog(volunteer_id=volunteer.id, task_id=task.id, day=day, minutes=minutes, status=status))
    db.session.commit()


@pytest.fixture
def worked(oystre):
    """Escort work in 2025 and 2026, driving in 2026, and hours that must not count."""
    volunteer = make_volunteer(oystre, user=make_user(roles=(Role.VOLUNTEER,), municipality=oystre, locale="nn"))
    escort, driving = make_task(oystre), make_task(oystre, role_code="driver", title="Køyring til butikken")
    _hours(volunteer, escort, date(2025, 3, 4), 90)
    _hours(volunteer, escort, date(2025, 11, 20), 60)
    _hours(volunteer, escort, date(2026, 2, 10), 120)
    _hours(volunteer, driving, date(2026, 5, 5), 45)
    _hours(volunteer, driving, date(2026, 6, 1), 600, status="pending")
    _hours(volunteer, escort, date(2026, 7, 1), 600, status="rejected")
    other = make_volunteer(oystre)
    _hours(other, escort, date(2026, 2, 10), 300)
    return volunteer


def test_the_record_counts_approved_hours_per_role_and_year(worked, clock):
    record = record_of(worked)
    escort, driver = record.roles
    assert (escort.code, escort.first, escort.last, escort.hours) == (
        "escort",
        date(2025, 3, 4),
        date(2026, 2, 10),
        4.5,
    )
    assert (escort.hours_in(2025), escort.hours_in(2026)) == (2.5, 2.0)
    assert (driver.code, driver.first, driver.last, driver.hours) == (
        "driver",
        date(2026, 5, 5),
        date(2026, 5, 5),
        0.75,
    )
    assert record.years == [2025, 2026] and record.hours == 5.25 and record.hours_in(2026) == 2.75
    assert record.centre.name == "Øystre Slidre frivilligsentral" and record.issued == clock.today
    assert record.locale == "nn" and escort.name("nn") == "Følgjeteneste" and escort.name("nb") == "Følgetjeneste"


def test_no_hours_gives_a_record_without_roles(oystre):
    record = record_of(make_volunteer(oystre))
    assert record.roles == [] and record.hours == 0


def test_the_volunteer_sees_their_record_in_their_standard_and_downloads_the_pdf(client, worked):
    login(client, worked.user)
    me = client.get("/oystre-slidre/volunteer/me").get_data(as_text=True)
    assert 'id="record-link"' in me and OWN in me
    page = client.get(OWN)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'lang="nn"' in text and "Godkjende timar per rolle og år" in text
    assert "Godkjende timar i alt: 5,25." in text
    assert "<td>04.03.2025</td><td>10.02.2026</td><td>4,5</td>" in text  # escort: from, to, hours
    assert '<th scope="row">Følgjeteneste</th><td>2025</td><td>2,5</td>' in text
    assert '<th scope="row">Alle roller</th><td>2026</td><td>2,75</td>' in text
    assert "Øystre Slidre frivilligsentral" in text and 'id="record-issued"' in text
    pdf = client.get(OWN + ".pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-") and pdf.data.rstrip().endswith(b"%%EOF")
    assert "attachment" in pdf.headers["Content-Disposition"]


def test_a_coordinator_opens_the_record_in_the_volunteers_standard(client, oystre, worked):
    worked.user.locale = "nb"
    db.session.commit()
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale="nn"))
    base = f"/oystre-slidre/volunteer/coordinator/volunteers/{worked.id}"
    assert f"{base}/record" in client.get(base).get_data(as_text=True)
    text = client.get(f"{base}/record").get_data(as_text=True)
    assert 'lang="nb"' in text and "Godkjente timer i alt: 5,25." in text
    pdf = client.get(f"{base}/record.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")


def test_nobody_else_sees_a_record(client, oystre, toten, worked):
    base = f"/oystre-slidre/volunteer/coordinator/volunteers/{worked.id}/record"
    assert client.get(OWN).status_code == 302  # to the login
    assert client.get(base).status_code in (302, 401, 403)
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten))
    assert client.get(base).status_code == 403
    assert client.get(base + ".pdf").status_code == 403
    # Toten's coordinator asks for Øystre Slidre's volunteer under their own municipality.
    assert client.get(f"/vestre-toten/volunteer/coordinator/volunteers/{worked.id}/record").status_code == 404
    assert client.get(f"/vestre-toten/volunteer/coordinator/volunteers/{worked.id}/record.pdf").status_code == 404
    client.post("/logout")
    login(client, make_user(roles=(Role.VOLUNTEER,), municipality=oystre))  # not a volunteer here
    assert client.get(OWN).status_code == 404 and client.get(OWN + ".pdf").status_code == 404
    login(client, worked.user)
    assert client.get("/vestre-toten/volunteer/me/record").status_code == 404  # not a volunteer there
    assert client.get(base).status_code == 403  # a volunteer is no coordinator

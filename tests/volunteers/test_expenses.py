"""Mileage and expenses: logged for a task one had, approved or rejected with a reason, exported
once as CSV for payroll at the municipality's rate per kilometre."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.clock import today
from webapp.extensions import db
from webapp.volunteers import expenses
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import Assignment, AssignmentState, ExpenseLine, HourStatus

BASE = "/oystre-slidre/volunteer"
COORD = BASE + "/coordinator"


def did_task(municipality, volunteer):
    task = make_task(municipality, title="Køyring til legen")
    db.session.add(Assignment(task_id=task.id, volunteer_id=volunteer.id, state=AssignmentState.CONFIRMED))
    db.session.commit()
    return task


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_mileage_at_the_state_rate_then_the_municipalitys(ctx, oystre):
    volunteer = make_volunteer(oystre)
    task = did_task(oystre, volunteer)
    line = expenses.log_mileage(volunteer, task.id, today(), Decimal("12.5"), "Heggenes", "Fagernes")
    assert line.rate_ore == expenses.DEFAULT_KM_RATE_ORE == 350
    assert line.amount_ore == 4375 and line.status == HourStatus.PENDING
    expenses.save_km_rate(oystre, Decimal("4.10"))
    later = expenses.log_mileage(volunteer, task.id, today(), Decimal("10"), note="Rundtur til apoteket")
    assert later.rate_ore == 410 and later.amount_ore == 4100
    assert line.rate_ore == 350  # a line keeps the rate it was logged at


def test_mileage_needs_a_route_or_a_note_and_a_task_one_had(ctx, oystre):
    volunteer = make_volunteer(oystre)
    task = did_task(oystre, volunteer)
    with pytest.raises(VolunteerError):
        expenses.log_mileage(volunteer, task.id, today(), Decimal("5"), "Heggenes", "")
    with pytest.raises(VolunteerError):
        expenses.log_mileage(volunteer, task.id, today() + timedelta(days=1), Decimal("5"), note="x")
    with pytest.raises(VolunteerError):
        expenses.log_mileage(volunteer, task.id, today(), Decimal("0"), note="x")
    other = make_task(oystre, title="Ikkje min")
    with pytest.raises(VolunteerError):
        expenses.log_expense(volunteer, other.id, today(), Decimal("10"), "Parkering")
    assert db.session.query(ExpenseLine).count() == 0


def test_approve_reject_and_export_once(ctx, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    task = did_task(oystre, volunteer)
    drive = expenses.log_mileage(volunteer, task.id, today(), Decimal("20"), "Heggenes", "Beitostølen")
    parking = expenses.log_expense(volunteer, task.id, today(), Decimal("45.50"), "Parkering")
    wrong = expenses.log_expense(volunteer, task.id, today(), Decimal("1000"), "Middag")
    with pytest.raises(VolunteerError):
        expenses.decide(wrong, coordinator, False, " ")
    expenses.decide(wrong, coordinator, False, "Middag blir ikkje dekt.")
    expenses.decide(drive, coordinator, True)
    expenses.decide(parking, coordinator, True)
    with pytest.raises(VolunteerError):
        expenses.decide(drive, coordinator, False, "Nei")
    assert wrong.status == HourStatus.REJECTED and wrong.reason == "Middag blir ikkje dekt."

    body, count = expenses.export(oystre)
    assert count == 2
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == expenses.EXPORT_COLUMNS
    assert "person_number" not in rows[0] and volunteer.user.email not in body
    by_type = {row[7]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_type["mileage"]["km"] == "20,0" and by_type["mileage"]["rate"] == "3,50"
    assert by_type["mileage"]["amount"] == "70,00"
    assert by_type["expense"]["amount"] == "45,50" and by_type["expense"]["km"] == ""
    assert by_type["expense"]["volunteer_id"] == str(volunteer.id)
    assert by_type["expense"]["name"] == volunteer.user.name
    assert by_type["expense"]["approved_by"] == coordinator.name
    assert by_type["expense"]["date"] == today().strftime("%d.%m.%Y")
    assert drive.exported_at is not None
    # Exported lines never come again.
    assert expenses.export(oystre)[1] == 0


def test_export_keeps_to_the_municipality(ctx, oystre, toten):
    volunteer = make_volunteer(toten)
    task = did_task(toten, volunteer)
    line = expenses.log_expense(volunteer, task.id, today(), Decimal("10"), "Bompengar")
    expenses.decide(line, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten), True)
    assert expenses.export(oystre)[1] == 0
    assert expenses.get_line(oystre, line.id) is None


def test_a_formula_never_reaches_the_spreadsheet(ctx, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    task = did_task(oystre, volunteer)
    line = expenses.log_expense(volunteer, task.id, today(), Decimal("10"), "=HYPERLINK(1)")
    expenses.decide(line, coordinator, True)
    body, _count = expenses.export(oystre)
    assert ";'=HYPERLINK(1);" in body


def test_volunteer_logs_with_a_decimal_comma_and_bad_input_keeps_the_text(app, oystre):
    volunteer = make_volunteer(oystre)
    task = did_task(oystre, volunteer)
    client = signed_in(app, volunteer.user)
    assert 'id="expenses-link"' in client.get(BASE + "/me").get_data(as_text=True)
    assert 'id="mileage-form"' in client.get(BASE + "/me/expenses").get_data(as_text=True)
    response = client.post(
        BASE + "/me/expenses/expense",
        data={
            "expense-task": task.id,
            "expense-day": today().isoformat(),
            "expense-amount": "1,5",
            "expense-what": "Kaffi",
        },
    )
    assert response.status_code == 302
    assert db.session.query(ExpenseLine).one().amount_ore == 150
    bad = client.post(
        BASE + "/me/expenses/mileage",
        data={
            "mileage-task": task.id,
            "mileage-day": today().isoformat(),
            "mileage-km": "tolv",
            "mileage-note": "Heim",
        },
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and 'value="tolv"' in page and 'id="error-summary"' in page
    no_route = client.post(
        BASE + "/me/expenses/mileage",
        data={"mileage-task": task.id, "mileage-day": today().isoformat(), "mileage-km": "3"},
    )
    assert no_route.status_code == 400 and 'id="error-summary"' in no_route.get_data(as_text=True)
    assert db.session.query(ExpenseLine).count() == 1


def test_coordinator_pages_approve_reject_rate_and_export(app, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    task = did_task(oystre, volunteer)
    first = expenses.log_expense(volunteer, task.id, today(), Decimal("30"), "Parkering")
    second = expenses.log_expense(volunteer, task.id, today(), Decimal("99"), "Gåve")
    client = signed_in(app, coordinator)
    page = client.get(COORD + "/expenses").get_data(as_text=True)
    assert f'id="line-{first.id}"' in page and 'id="rate-form"' in page and 'value="3,50"' in page
    assert client.post(f"{COORD}/expenses/{first.id}/approve").status_code == 302
    client.post(f"{COORD}/expenses/{second.id}/reject", data={f"reject-{second.id}-reason": ""})
    db.session.expire_all()
    assert db.session.get(ExpenseLine, second.id).status == HourStatus.PENDING
    client.post(f"{COORD}/expenses/{second.id}/reject", data={f"reject-{second.id}-reason": "Ikkje avtalt"})
    db.session.expire_all()
    assert db.session.get(ExpenseLine, second.id).reason == "Ikkje avtalt"
    bad_rate = client.post(COORD + "/expenses/rate", data={"rate": "mykje"})
    assert bad_rate.status_code == 400 and 'value="mykje"' in bad_rate.get_data(as_text=True)
    client.post(COORD + "/expenses/rate", data={"rate": "4,20"})
    assert expenses.km_rate_ore(oystre.id) == 420
    exported = client.post(COORD + "/expenses/export")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert "Parkering" in exported.get_data(as_text=True) and "Gåve" not in exported.get_data(as_text=True)
    assert client.post(COORD + "/expenses/export").status_code == 302  # nothing left
    # The volunteer sees the reason.
    mine = signed_in(app, volunteer.user).get(BASE + "/me/expenses").get_data(as_text=True)
    assert "Ikkje avtalt" in mine


def test_roles_and_municipalities_are_kept_apart(app, oystre, toten):
    volunteer = make_volunteer(oystre)
    task = did_task(oystre, volunteer)
    line = expenses.log_expense(volunteer, task.id, today(), Decimal("30"), "Parkering")
    as_volunteer = signed_in(app, volunteer.user)
    assert as_volunteer.get(COORD + "/expenses").status_code == 403
    assert as_volunteer.post(f"{COORD}/expenses/{line.id}/approve").status_code == 403
    assert as_volunteer.post(COORD + "/expenses/export").status_code == 403
    elsewhere = signed_in(app, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten))
    assert elsewhere.post(f"/vestre-toten/volunteer/coordinator/expenses/{line.id}/approve").status_code == 404
    assert elsewhere.post(COORD + "/expenses/export").status_code == 403
    db.session.expire_all()
    assert db.session.get(ExpenseLine, line.id).status == HourStatus.PENDING
    # Someone else's task cannot be logged against, and a stranger has no page here.
    other = signed_in(app, make_volunteer(oystre).user)
    response = other.post(
        BASE + "/me/expenses/expense",
        data={"expense-task": task.id, "expense-day": today().isoformat(), "expense-amount": "5", "expense-what": "x"},
    )
    assert response.status_code == 400
    assert signed_in(app, make_volunteer(toten).user).get(BASE + "/me/expenses").status_code == 404


def test_export_of_personal_data_holds_the_lines_and_erasure_drops_the_words(ctx, oystre):
    from webapp import personal_data

    volunteer = make_volunteer(oystre)
    task = did_task(oystre, volunteer)
    line = expenses.log_mileage(volunteer, task.id, today(), Decimal("8"), "Heime", "Legekontoret")
    exported = personal_data.export(volunteer.user)["volunteers"]["driving_and_expenses"]
    assert exported[0]["from"] == "Heime" and exported[0]["amount_ore"] == line.amount_ore
    personal_data.erase(volunteer.user)
    db.session.expire_all()
    kept = db.session.get(ExpenseLine, line.id)
    assert kept.amount_ore == 2800 and (kept.from_place, kept.to_place, kept.note) == ("", "", "")

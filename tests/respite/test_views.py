"""Relative, office and unit pages through the test client: who may see what, and bad input."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.clock import DEFAULT_MOMENT
from tests.factories import login, make_user
from tests.respite.conftest import at, make_decision, make_respite_unit, make_staff
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.respite.models import (
    Application,
    AuditEntry,
    Booking,
    BookingStatus,
    Decision,
    RespiteKind,
    WaitingListEntry,
)

TODAY = DEFAULT_MOMENT.date()  # the tests here run at the default moment (tests/clock.py)


def d(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.fixture
def world(ctx, municipalities):
    """Øystre Slidre with a unit, a relative with a decision, and a stranger with another."""
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m, places=2, name="Øystre Slidre helsetun avlasting")
    relative = make_user(roles=(Role.RELATIVE,), municipality=m, locale="nn")
    # Periods of 4 weeks from today: the stays below never straddle a period boundary, whatever the date.
    decision = make_decision(m, [unit], [relative], valid_from=TODAY)
    stranger = make_user(roles=(Role.RELATIVE,), municipality=m, locale="nn")
    other_unit = make_respite_unit(m, places=3, name="Barneavlastninga test", kind=RespiteKind.CHILD_HOME)
    other = make_decision(m, [other_unit], [stranger])
    return m, unit, relative, decision, stranger, other, other_unit


def test_public_page_explains_when_logged_out(client, world):
    page = client.get("/oystre-slidre/respite")
    assert page.status_code == 200
    assert "Avlasting for pårørande" in page.get_data(as_text=True)


def test_relative_books_and_sees_quota_left(client, world):
    m, unit, relative, decision, *_ = world
    login(client, relative)
    start = client.get("/oystre-slidre/respite").get_data(as_text=True)
    assert "Olav Omsorg" in start and "Du har 4 av 4 døgn att" in start
    page = client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/book",
        data={"unit": unit.id, "arrival": d(3), "departure": d(5), "action": "preview"},
    )
    assert page.status_code == 200 and "2 døgn" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0
    response = client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/book",
        data={"unit": unit.id, "arrival": d(3), "departure": d(5), "action": "confirm"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 av 4 døgn att" in page


@pytest.mark.parametrize(
    "arrival, departure",
    [
        ("", ""),
        ("i morgon", d(2)),
        ("2026-13-45", d(2)),
        (d(5), d(3)),
        (d(-3), d(-1)),
        (d(1), d(3650)),
        ("<script>", "1" * 300),
    ],
)
def test_bad_dates_are_refused_with_a_message_never_500(client, world, arrival, departure):
    m, unit, relative, decision, *_ = world
    login(client, relative)
    response = client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/book",
        data={"unit": unit.id, "arrival": arrival, "departure": departure, "action": "confirm"},
    )
    assert response.status_code == 400
    assert "ds-error-summary" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0


def test_relative_cannot_reach_other_peoples_decisions_by_url_or_form(client, world):
    m, unit, relative, decision, stranger, other, other_unit = world
    login(client, relative)
    assert client.get(f"/oystre-slidre/respite/decisions/{other.id}").status_code == 404
    assert client.get("/oystre-slidre/respite/decisions/999999").status_code == 404
    assert client.get(f"/vestre-toten/respite/decisions/{decision.id}").status_code == 404
    assert (
        client.post(
            f"/oystre-slidre/respite/decisions/{other.id}/book",
            data={"unit": other_unit.id, "arrival": d(2), "departure": d(3)},
        ).status_code
        == 404
    )
    # Their own decision, but another unit's id in the form.
    response = client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/book",
        data={"unit": other_unit.id, "arrival": d(2), "departure": d(3), "action": "confirm"},
    )
    assert response.status_code == 400
    foreign = Booking(
        decision_id=other.id,
        respite_unit_id=other_unit.id,
        arrival=TODAY + timedelta(days=5),
        departure=TODAY + timedelta(days=6),
        status=BookingStatus.CONFIRMED,
    )
    db.session.add(foreign)
    db.session.commit()
    assert client.post(f"/oystre-slidre/respite/bookings/{foreign.id}/cancel").status_code == 404
    assert client.get(f"/oystre-slidre/respite/bookings/{foreign.id}/change").status_code == 404
    assert (
        client.post(
            f"/oystre-slidre/respite/decisions/{other.id}/wait", data={"wait-unit": other_unit.id, "wait-day": d(5)}
        ).status_code
        == 404
    )
    db.session.expire_all()
    assert db.session.get(Booking, foreign.id).status == BookingStatus.CONFIRMED
    exported = json.loads(client.get("/oystre-slidre/respite/my-data.json").get_data(as_text=True))
    assert [x["id"] for x in exported["decisions"]] == [decision.id]


def test_cancel_and_change_through_the_pages(client, world):
    m, unit, relative, decision, *_ = world
    login(client, relative)
    client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/book",
        data={"unit": unit.id, "arrival": d(10), "departure": d(13), "action": "confirm"},
    )
    booking = db.session.scalar(select(Booking))
    response = client.post(
        f"/oystre-slidre/respite/bookings/{booking.id}/change", data={"arrival": d(10), "departure": d(12)}
    )
    assert response.status_code == 302
    assert (
        client.post(
            f"/oystre-slidre/respite/bookings/{booking.id}/change", data={"arrival": "x", "departure": d(12)}
        ).status_code
        == 400
    )
    client.post(f"/oystre-slidre/respite/bookings/{booking.id}/cancel")
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.CANCELLED


def test_apply_and_office_makes_a_decision(client, world):
    m, unit, relative, *_ = world
    applicant = make_user(municipality=m, locale="nn")
    login(client, applicant)
    assert client.post("/oystre-slidre/respite/apply", data={"receiver_name": ""}).status_code == 400
    response = client.post(
        "/oystre-slidre/respite/apply",
        data={
            "receiver_name": "Marit Mor",
            "receiver_birth_year": "1941",
            "relation": "dotter",
            "care_work": "Eg hjelper med mat og medisinar kvar dag.",
            "hours_per_week": "20-40",
            "kind_wanted": "institution",
            "consent": "self",
            "consent_by": "Marit Mor",
        },
    )
    assert response.status_code == 302
    application = db.session.scalar(select(Application))
    assert application.status == "received"

    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    client.post("/logout")
    login(client, officer)
    page = client.get(f"/oystre-slidre/respite/office/applications/{application.id}").get_data(as_text=True)
    assert "Marit Mor" in page and "20 til 40 timar i veka" in page  # the answers in words, not codes
    assert "Personen eg hjelper, samtykkjer i at eg søkjer (Marit Mor)" in page
    form = client.get(f"/oystre-slidre/respite/office/decisions/new?application={application.id}").get_data(
        as_text=True
    )
    assert applicant.email in form
    response = client.post(
        f"/oystre-slidre/respite/office/decisions/new?application={application.id}",
        data={
            "receiver_name": "Marit Mor",
            "receiver_birth_year": "1941",
            "kind": "institution",
            "units": [str(unit.id)],
            "quota_amount": "4",
            "quota_unit": "nights",
            "period_kind": "rolling",
            "period_days": "28",
            "valid_from": d(0),
            "valid_to": d(365),
            "horizon_days": "90",
            "cancel_hours": "48",
            "max_stay": "7",
            "relative_email": applicant.email,
            "consent_given_by": "Marit Mor",
            "consent_date": d(0),
            "consent_method": "digital",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "granted"
    from webapp.notifications.models import OutboxMessage

    told = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == applicant.email).order_by(OutboxMessage.id)
    ).all()
    # The receipt when applying; then the decision, once, with the link to book (not also the status).
    assert len(told) == 2 and "Marit" not in told[0].body
    assert told[1].subject == "Du kan bestille avlasting for Marit Mor" and "/respite/decisions/" in told[1].body
    decision = db.session.scalar(select(Decision).where(Decision.application_id == application.id))
    [allowed] = decision.relatives
    assert allowed.user_id == applicant.id  # with the consent: who gave it, when and how
    assert (allowed.consent_given_by, allowed.consent_date, allowed.consent_method) == ("Marit Mor", TODAY, "digital")
    reads = db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == officer.id)).all()
    assert {r.what for r in reads} == {"application"}
    page = client.get(f"/oystre-slidre/respite/office/decisions/{decision.id}").get_data(as_text=True)
    assert "samtykke frå Marit Mor" in page and "digitalt, i søknaden" in page  # how, in words
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.what == "decision", AuditEntry.care_receiver_id == decision.care_receiver_id)
        )
        == 1
    )
    client.post("/logout")
    login(client, applicant)
    looked = client.get("/oystre-slidre/respite/who-has-looked").get_data(as_text=True)
    assert officer.name in looked
    exported = json.loads(client.get("/oystre-slidre/respite/my-data.json").get_data(as_text=True))
    assert [e["status"] for e in exported["applications"][0]["history"]] == ["received", "granted"]
    [mine] = exported["decisions"]
    assert mine["care_receiver"] == "Marit Mor" and mine["consent"] == [
        {"given_by": "Marit Mor", "date": TODAY.isoformat(), "method": "digital"}
    ]
    assert {(r["by"], r["what"]) for r in exported["staff_reads"]} == {
        (officer.name, "application"),
        (officer.name, "decision"),
    }


def test_office_pages_need_the_role_in_that_municipality(client, world, municipalities):
    m, unit, relative, decision, *_ = world
    officer_elsewhere = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipalities["vestre-toten"])
    assert client.get("/oystre-slidre/respite/office").status_code == 302  # to the login page
    login(client, relative)
    for path in (
        "/oystre-slidre/respite/office",
        "/oystre-slidre/respite/office/holidays",
        "/oystre-slidre/respite/office/units",
        f"/oystre-slidre/respite/office/decisions/{decision.id}",
        "/oystre-slidre/respite/unit",
    ):
        assert client.get(path).status_code == 403, path
    client.post("/logout")
    login(client, officer_elsewhere)
    assert client.get("/oystre-slidre/respite/office").status_code == 403
    assert client.get(f"/vestre-toten/respite/office/decisions/{decision.id}").status_code == 404


def test_office_holidays_and_capacity(client, world):
    m, unit, *_ = world
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    login(client, officer)
    assert (
        client.post(
            "/oystre-slidre/respite/office/holidays",
            data={"name": "Vinterferie", "start": "2027-03-01", "end": "2027-02-01"},
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/oystre-slidre/respite/office/holidays",
            data={"name": "Vinterferie", "start": "2027-03-01", "end": "2027-03-05"},
        ).status_code
        == 302
    )
    assert "Vinterferie" in client.get("/oystre-slidre/respite/office/holidays").get_data(as_text=True)
    client.post(
        "/oystre-slidre/respite/office/units",
        data={
            "form": "capacity",
            "unit": unit.id,
            "capacity-valid_from": "2027-06-01",
            "capacity-places": "0",
            "capacity-note": "Flytting",
        },
    )
    assert (
        client.post(
            "/oystre-slidre/respite/office/units",
            data={"form": "capacity", "unit": 999999, "capacity-valid_from": "2027-06-01", "capacity-places": "1"},
        ).status_code
        == 404
    )
    db.session.expire_all()
    assert [c.places for c in db.session.get(type(unit), unit.id).capacities] == [2, 0]


def test_the_office_closes_a_unit_and_opens_it_again(client, world, municipalities):
    from webapp.respite.models import ClosedPeriod

    m, unit, *_ = world
    other_unit = make_respite_unit(municipalities["gausdal"], places=2, name="Gausdal avlasting")
    login(client, make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn"))
    client.post(
        "/oystre-slidre/respite/office/units",
        data={
            "form": "closure",
            "unit": unit.id,
            "closure-start": "2027-07-01",
            "closure-end": "2027-07-21",
            "closure-reason": "Sommarstengt",
        },
    )
    closure = db.session.scalar(select(ClosedPeriod).where(ClosedPeriod.respite_unit_id == unit.id))
    assert "Opne igjen" in client.get("/oystre-slidre/respite/office/units").get_data(as_text=True)
    foreign = ClosedPeriod(respite_unit_id=other_unit.id, start=closure.start, end=closure.end)
    db.session.add(foreign)
    db.session.commit()
    assert client.post(f"/oystre-slidre/respite/office/closures/{foreign.id}/delete").status_code == 404
    assert client.post("/oystre-slidre/respite/office/closures/999999/delete").status_code == 404
    ours, theirs = closure.id, foreign.id
    response = client.post(f"/oystre-slidre/respite/office/closures/{ours}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ClosedPeriod, ours) is None
    assert db.session.get(ClosedPeriod, theirs) is not None


def test_unit_staff_see_only_their_unit_and_every_read_is_logged(client, world):
    m, unit, relative, decision, stranger, other, other_unit = world
    decision.needs_approval = True
    db.session.commit()
    staff = make_staff(m, unit, locale="nn")
    login(client, relative)
    client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/book",
        data={"unit": unit.id, "arrival": d(2), "departure": d(4), "action": "confirm"},
    )
    booking = db.session.scalar(select(Booking))
    assert booking.status == BookingStatus.PENDING
    client.post("/logout")
    login(client, staff)
    assert client.get(f"/oystre-slidre/respite/unit/{other_unit.id}").status_code == 404
    assert client.get("/oystre-slidre/respite/office").status_code == 403
    assert client.get(f"/vestre-toten/respite/unit/{unit.id}").status_code == 403
    month = (TODAY + timedelta(days=2)).strftime("%Y-%m")
    page = client.get(f"/oystre-slidre/respite/unit/{unit.id}?month={month}").get_data(as_text=True)
    assert "Olav Omsorg" in page
    # Only what they need to receive the person: no birth year, quota or who booked.
    for secret in ("1938", "4 døgn per 4 veker", relative.email, relative.name):
        assert secret not in page, secret
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.actor_id == staff.id, AuditEntry.care_receiver_id == decision.care_receiver_id)
        )
        == 1
    )
    assert (
        client.post(
            f"/oystre-slidre/respite/unit/{unit.id}/bookings/{booking.id}/decline", data={"decide-reason": ""}
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.PENDING  # a reason is required
    client.post(f"/oystre-slidre/respite/unit/{other_unit.id}/bookings/{booking.id}/approve")
    client.post(
        f"/oystre-slidre/respite/unit/{unit.id}/bookings/{booking.id}/decline",
        data={"decide-reason": "Ingen ledig personale"},
    )
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.DECLINED


def test_calendar_navigation_bad_query_values_and_htmx_partial(client, world):
    m, unit, relative, decision, *_ = world
    login(client, relative)
    base = f"/oystre-slidre/respite/decisions/{decision.id}"
    for query in ("?month=garbage", "?month=1999-99", "?unit=abc", "?unit=999999", "?month=2026-02&unit=-1"):
        assert client.get(base + query).status_code == 200, query
    partial = client.get(base + "?month=2027-01", headers={"HX-Request": "true"})
    html = partial.get_data(as_text=True)
    assert "calendar-table" in html and "<html" not in html and "januar 2027" in html
    assert "HX-Request" in partial.headers["Vary"]
    response = client.post(
        base + "/book", data={"unit": "abc", "arrival": d(2), "departure": d(3), "action": "confirm"}
    )
    assert response.status_code == 400


def test_waiting_list_through_the_pages(client, world):
    m, unit, relative, decision, stranger, *_ = world
    day = TODAY + timedelta(days=6)
    taken = []
    for _n in range(2):  # both places taken by others
        other = make_user(roles=(Role.RELATIVE,), municipality=m)
        other_decision = make_decision(m, [unit], [other])
        booking = Booking(
            decision_id=other_decision.id,
            respite_unit_id=unit.id,
            arrival=day,
            departure=day + timedelta(days=1),
            status=BookingStatus.CONFIRMED,
        )
        db.session.add(booking)
        taken.append((other, booking))
    db.session.commit()
    login(client, relative)
    page = client.get(f"/oystre-slidre/respite/decisions/{decision.id}?month={day.strftime('%Y-%m')}")
    assert "Fullt" in page.get_data(as_text=True)
    assert (
        client.post(
            f"/oystre-slidre/respite/decisions/{decision.id}/wait", data={"wait-unit": unit.id, "wait-day": "nope"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/oystre-slidre/respite/decisions/{decision.id}/wait",
            data={"wait-unit": unit.id, "wait-day": day.isoformat()},
        ).status_code
        == 302
    )
    from webapp.respite import services
    from webapp.respite.models import WaitingListEntry

    services.cancel(taken[0][0], taken[0][1].id)
    entry = db.session.scalar(select(WaitingListEntry))
    assert entry.status == "offered"
    assert client.post(f"/oystre-slidre/respite/waiting/{entry.id}/accept").status_code == 302
    client.post("/logout")
    login(client, stranger)
    assert client.post(f"/oystre-slidre/respite/waiting/{entry.id}/leave").status_code == 404
    db.session.expire_all()
    assert db.session.get(WaitingListEntry, entry.id).status == "accepted"
    assert db.session.scalar(select(func.count()).select_from(Booking).where(Booking.decision_id == decision.id)) == 1


def test_erasure_keeps_decisions_and_anonymises_applications(client, world):
    m, unit, relative, decision, *_ = world
    from webapp.respite import office

    office.apply(
        relative,
        m,
        office.ApplicationData(
            receiver_name="Ola Omsorg",
            receiver_birth_year=1950,
            relation="son",
            care_work="Alt",
            hours_per_week="gt40",
            what_would_help="",
            kind_wanted="institution",
            consent="self",
            consent_by="Ola Omsorg",
        ),
    )
    login(client, relative)
    assert client.post("/oystre-slidre/respite/erase", data={}).status_code == 302
    db.session.expire_all()
    application = db.session.scalar(select(Application))
    assert application.receiver_name == "" and application.applicant_id is None
    assert application.status == "withdrawn"
    assert db.session.get(Decision, decision.id) is not None


def test_expire_offers_command(app, ctx):
    result = app.test_cli_runner().invoke(args=["respite", "expire-offers"])
    assert result.exit_code == 0 and "expired 0 offers" in result.output


def test_officer_changes_and_ends_a_decision_and_bookings_get_flagged(client, world):
    m, unit, relative, decision, *_ = world
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    booking = Booking(
        decision_id=decision.id,
        respite_unit_id=unit.id,
        arrival=TODAY + timedelta(days=20),
        departure=TODAY + timedelta(days=22),
        status=BookingStatus.CONFIRMED,
    )
    db.session.add(booking)
    db.session.commit()
    login(client, officer)
    form = {
        "receiver_name": "Olav Omsorg",
        "receiver_birth_year": "1938",
        "kind": "institution",
        "units": [str(unit.id)],
        "quota_amount": "4",
        "quota_unit": "nights",
        "period_kind": "rolling",
        "period_days": "28",
        "valid_from": d(-10),
        "valid_to": d(10),
        "horizon_days": "90",
        "cancel_hours": "48",
        "max_stay": "7",
        "consent_method": "written",
    }
    assert (
        client.post(
            f"/oystre-slidre/respite/office/decisions/{decision.id}", data={**form, "valid_to": "31.12"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/oystre-slidre/respite/office/decisions/{decision.id}", data={**form, "units": ["999999"]}
        ).status_code
        == 400
    )
    assert client.post(f"/oystre-slidre/respite/office/decisions/{decision.id}", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).flagged
    assert 'class="respite-flagged"' in client.get("/oystre-slidre/respite/office").get_data(as_text=True)
    refused = client.post(f"/oystre-slidre/respite/office/decisions/{decision.id}/end", data={"end-end": "nope"})
    assert refused.status_code == 400 and "Skriv datoen" in refused.get_data(as_text=True)
    client.post(f"/oystre-slidre/respite/office/decisions/{decision.id}/end", data={"end-end": d(0)})
    db.session.expire_all()
    assert db.session.get(Decision, decision.id).status == "ended"
    client.post(
        f"/oystre-slidre/respite/office/bookings/{booking.id}/cancel", data={"cancel-reason": "Vedtaket er slutt"}
    )
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.CANCELLED


@pytest.mark.parametrize(
    "path, data",
    [
        ("/oystre-slidre/respite/office/units", {"form": "bogus"}),
        ("/oystre-slidre/respite/office/units", {"form": "capacity", "unit": "x", "capacity-places": "abc"}),
        (
            "/oystre-slidre/respite/office/units",
            {"form": "closure", "unit": "1", "closure-start": "2027-02-02", "closure-end": "2027-01-01"},
        ),
        ("/oystre-slidre/respite/office/units", {"form": "staff", "unit": "1", "staff-email": "<b>@"}),
        ("/oystre-slidre/respite/office/holidays", {"name": "x" * 500, "start": "2027-01-01", "end": "2037-01-01"}),
        ("/oystre-slidre/respite/office/holidays/999999/delete", {}),
        ("/oystre-slidre/respite/office/decisions/new?application=abc", {}),
        (
            "/oystre-slidre/respite/office/decisions/new",
            {"receiver_name": "<script>", "units": ["abc"], "valid_from": "2027-01-01", "valid_to": "2026-01-01"},
        ),
        ("/oystre-slidre/respite/office/bookings/999999/cancel", {}),
        ("/oystre-slidre/respite/office/decisions/999999/end", {"end-end": "2027-01-01"}),
    ],
)
def test_office_bad_input_never_500(client, world, path, data):
    m, *_ = world
    login(client, make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn"))
    response = client.post(path, data=data)
    assert response.status_code in (302, 303, 400, 404), response.status_code


def test_officer_approves_bookings_and_the_workload_counts_drop(client, world):
    m, unit, relative, decision, stranger, other, other_unit = world
    from webapp.respite import services

    decision.needs_approval = True
    decision.valid_to = TODAY + timedelta(days=20)
    db.session.commit()
    booking = services.book(relative, decision.id, unit.id, TODAY + timedelta(days=2), TODAY + timedelta(days=3))
    before = services.office_workload(m.id, TODAY)
    assert (before.bookings_to_approve, before.decisions_expiring) == (1, 1)
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    login(client, officer)
    page = client.get("/oystre-slidre/respite/office").get_data(as_text=True)
    assert "Bestillingar som ventar på godkjenning: 1" in page
    # The overview names nobody, so it is not a read of anyone's data; the pages that name people are logged.
    assert "Olav Omsorg" not in page and relative.name not in page
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor_id == officer.id)) == 0
    assert "Olav Omsorg" in client.get("/oystre-slidre/respite/office/bookings").get_data(as_text=True)
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.actor_id == officer.id, AuditEntry.what == "booking")
        )
        == 1
    )
    assert client.post("/oystre-slidre/respite/office/bookings/999999/approve").status_code == 404
    assert client.post(f"/oystre-slidre/respite/office/bookings/{booking.id}/approve").status_code == 302
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.CONFIRMED
    assert services.office_workload(m.id, TODAY).bookings_to_approve == 0


def _respite_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("respite.") and rule.endpoint != "respite.index":
            values = {name: 1 for name in rule.arguments if name != "municipality"}
            values["municipality"] = "oystre-slidre"
            if "action" in rule.arguments:
                values["action"] = "accept" if "waiting" in rule.rule else "approve"
            path = rule.build(values)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, path


def test_every_route_states_who_may_use_it(app, client, world):
    m, unit, relative, *_ = world
    routes = list(_respite_rules(app))
    assert len(routes) > 25
    for endpoint, method, path in routes:  # logged out: to the login page
        response = client.open(path, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], (endpoint, method)
    login(client, relative)
    for endpoint, method, path in routes:  # a relative: staff pages are forbidden
        if ".office" in endpoint or ".unit" in endpoint:
            assert client.open(path, method=method).status_code == 403, (endpoint, method)


def test_the_relatives_calendar_shows_room_per_day_but_never_who(client, world):
    m, unit, relative, decision, *_ = world
    from webapp.respite.models import CareReceiver

    day = TODAY + timedelta(days=8)
    if (day + timedelta(days=1)).month != day.month:
        day += timedelta(days=2)
    neighbours = []
    for name, nights in (("Kari Annan", 2), ("Per Tredje", 1)):
        neighbour = make_user(roles=(Role.RELATIVE,), municipality=m, name=f"Pårørande til {name}")
        theirs = make_decision(
            m, [unit], [neighbour], receiver=CareReceiver(municipality_id=m.id, name=name, birth_year=1930)
        )
        db.session.add(
            Booking(
                decision_id=theirs.id,
                respite_unit_id=unit.id,
                arrival=day,
                departure=day + timedelta(days=nights),
                status=BookingStatus.CONFIRMED,
            )
        )
        neighbours.append(neighbour)
    db.session.commit()
    login(client, relative)
    html = client.get(f"/oystre-slidre/respite/decisions/{decision.id}?month={day:%Y-%m}").get_data(as_text=True)

    def status(of) -> str:
        found = re.search(
            r'<td class="day day--(\w+)[^"]*">\s*<span class="day__number">' + f"{of.day}" + r"\.</span>", html
        )
        assert found, of
        return found.group(1)

    assert (status(day), status(day + timedelta(days=1))) == ("full", "few")  # 2 places: 2 and 1 taken
    assert "Fullt" in html and "Få plassar" in html
    for secret in ("Kari Annan", "Per Tredje", *(n.name for n in neighbours), *(n.email for n in neighbours)):
        assert secret not in html


def test_office_changes_an_application_status_and_the_applicant_is_told(client, world):
    m, unit, relative, decision, stranger, *_ = world
    from webapp.notifications.models import OutboxMessage
    from webapp.respite import office

    application = office.apply(
        relative,
        m,
        office.ApplicationData(
            receiver_name="Ola Omsorg",
            receiver_birth_year=1950,
            relation="son",
            care_work="Alt",
            hours_per_week="gt40",
            what_would_help="",
            kind_wanted="institution",
            consent="self",
            consent_by="Ola Omsorg",
        ),
    )
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    login(client, officer)
    url = f"/oystre-slidre/respite/office/applications/{application.id}"
    assert client.post(url, data={"status": "granted"}).status_code == 400  # granted only by a decision
    assert client.post(url, data={"status": "in_review", "note": "Vi ringjer deg neste veke."}).status_code == 302
    receipt, mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == relative.email).order_by(OutboxMessage.id)
    ).all()
    assert "Ola Omsorg" not in receipt.body  # the receipt when applying names nobody either
    assert mail.subject == "Nytt om søknaden din om avlasting"
    assert "Under behandling" in mail.body and "Vi ringjer deg neste veke." in mail.body
    assert f"/oystre-slidre/respite/applications/{application.id}" in mail.body
    assert "Ola Omsorg" not in mail.body
    client.post("/logout")
    login(client, relative)
    page = client.get(f"/oystre-slidre/respite/applications/{application.id}").get_data(as_text=True)
    assert "Status: Under behandling" in page and "Vi ringjer deg neste veke." in page
    client.post("/logout")
    login(client, stranger)
    assert client.get(f"/oystre-slidre/respite/applications/{application.id}").status_code == 404
    assert client.get(f"/vestre-toten/respite/applications/{application.id}").status_code == 404


@pytest.mark.parametrize(
    "changes",
    [
        {"receiver_birth_year": "abc"},
        {"receiver_birth_year": "1800"},
        {"receiver_birth_year": "9" * 40},
        {"care_work": "x" * 5000},
        {"receiver_name": "<script>alert(1)</script>" * 20},
        {"kind_wanted": "spa"},
        {"consent": "maybe"},
        {"hours_per_week": ""},
        {"consent_by": ""},
        {"relation": "dotter\x00"},
    ],
)
def test_bad_application_input_is_a_message_never_500(client, world, changes):
    m, unit, relative, *_ = world
    login(client, relative)
    data = {
        "receiver_name": "Marit Mor",
        "receiver_birth_year": "1941",
        "relation": "dotter",
        "care_work": "Mat og tilsyn.",
        "hours_per_week": "20-40",
        "kind_wanted": "institution",
        "consent": "self",
        "consent_by": "Marit Mor",
        **changes,
    }
    response = client.post("/oystre-slidre/respite/apply", data=data)
    assert response.status_code == 400
    assert "ds-error-summary" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_every_write_needs_the_csrf_token(app, client, world, monkeypatch):
    m, unit, relative, decision, *_ = world
    booking = Booking(
        decision_id=decision.id,
        respite_unit_id=unit.id,
        arrival=TODAY + timedelta(days=5),
        departure=TODAY + timedelta(days=6),
        status=BookingStatus.CONFIRMED,
    )
    db.session.add(booking)
    db.session.commit()
    login(client, relative)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    stay = {"unit": unit.id, "arrival": d(10), "departure": d(11), "action": "confirm"}
    for path, data in (
        (f"/oystre-slidre/respite/decisions/{decision.id}/book", stay),
        (f"/oystre-slidre/respite/bookings/{booking.id}/cancel", {}),
        (f"/oystre-slidre/respite/bookings/{booking.id}/change", {"arrival": d(5), "departure": d(7)}),
        ("/oystre-slidre/respite/erase", {}),
    ):
        assert client.post(path, data=data).status_code == 400, path
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 1
    assert db.session.get(Booking, booking.id).status == BookingStatus.CONFIRMED
    page = client.get(f"/oystre-slidre/respite/decisions/{decision.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert token, "the booking form carries a CSRF token"
    response = client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/book", data={**stay, "csrf_token": token.group(1)}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "arrival, departure",
    [
        ("", ""),
        ("i morgon", d(2)),
        ("2026-02-30", d(2)),
        (d(5), d(3)),
        (d(-3), d(-1)),
        (d(1), d(3650)),
        (d(4000), d(4001)),
        ("<b>", "9" * 300),
    ],
)
def test_bad_dates_when_changing_or_waiting_are_messages_never_500(client, world, arrival, departure):
    m, unit, relative, decision, *_ = world
    booking = Booking(
        decision_id=decision.id,
        respite_unit_id=unit.id,
        arrival=TODAY + timedelta(days=10),
        departure=TODAY + timedelta(days=11),
        status=BookingStatus.CONFIRMED,
    )
    db.session.add(booking)
    db.session.commit()
    login(client, relative)
    response = client.post(
        f"/oystre-slidre/respite/bookings/{booking.id}/change", data={"arrival": arrival, "departure": departure}
    )
    assert response.status_code == 400 and "ds-error-summary" in response.get_data(as_text=True)
    response = client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/wait", data={"wait-unit": unit.id, "wait-day": arrival}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert (db.session.get(Booking, booking.id).arrival, db.session.get(Booking, booking.id).departure) == (
        TODAY + timedelta(days=10),
        TODAY + timedelta(days=11),
    )
    assert db.session.scalar(select(func.count()).select_from(WaitingListEntry)) == 0


def test_office_gives_a_unit_of_the_municipality_respite_places(client, world, municipalities):
    m, *_ = world
    from webapp.municipalities.models import Unit
    from webapp.respite.models import RespiteUnit

    units = {u.name: u for u in db.session.scalars(select(Unit))}
    children, healthy_life = units["Barneavlastinga"], units["Frisklivssentralen i Øystre Slidre"]
    elsewhere = units["Gimle sykehjem"]
    login(client, make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn"))
    page = client.get("/oystre-slidre/respite/office/units").get_data(as_text=True)
    assert "Legg til avlastingsplassar ved ei eining" in page
    assert f'value="{children.id}"' in page and f'value="{healthy_life.id}"' not in page
    form = {"form": "new", "new-kind": "child_home", "new-places": "4", "new-valid_from": d(0)}
    for wrong in (healthy_life.id, elsewhere.id, "abc"):  # not a respite unit, another municipality's, junk
        assert client.post("/oystre-slidre/respite/office/units", data={**form, "new-unit": wrong}).status_code == 303
    assert (
        client.post(
            "/oystre-slidre/respite/office/units", data={**form, "new-unit": children.id, "new-places": "-1"}
        ).status_code
        == 303
    )
    assert (
        db.session.scalar(
            select(RespiteUnit).where(RespiteUnit.unit_id.in_([children.id, healthy_life.id, elsewhere.id]))
        )
        is None
    )
    assert client.post("/oystre-slidre/respite/office/units", data={**form, "new-unit": children.id}).status_code == 302
    db.session.expire_all()
    added = db.session.scalar(select(RespiteUnit).where(RespiteUnit.unit_id == children.id))
    assert added.kind == "child_home" and [(c.valid_from, c.places) for c in added.capacities] == [(TODAY, 4)]
    page = client.get("/oystre-slidre/respite/office/units").get_data(as_text=True)
    assert f'value="{children.id}"' not in page  # no longer offered
    client.post("/oystre-slidre/respite/office/units", data={**form, "new-unit": children.id})
    assert (
        db.session.scalar(select(func.count()).select_from(RespiteUnit).where(RespiteUnit.unit_id == children.id)) == 1
    )


def test_decisions_past_the_retention_time_are_erased_with_what_hangs_on_them(app, world):
    m, unit, relative, decision, stranger, other, other_unit = world
    from datetime import date

    from webapp.respite import office, privacy
    from webapp.respite.models import (
        ApplicationEvent,
        CareReceiver,
        DecisionRelative,
        StayReconfirmation,
        WaitingListEntry,
    )

    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m)
    application = office.apply(
        relative,
        m,
        office.ApplicationData(
            receiver_name="Gamle Gunnar",
            receiver_birth_year=1925,
            relation="son",
            care_work="Alt",
            hours_per_week="gt40",
            what_would_help="",
            kind_wanted="institution",
            consent="self",
            consent_by="Gamle Gunnar",
        ),
    )
    old = make_decision(
        m,
        [unit],
        [relative],
        valid_from=date(2010, 1, 1),
        valid_to=date(2014, 12, 31),
        status="ended",
        application_id=application.id,
        created_at=at(date(2010, 1, 1)),
    )
    shared = make_decision(
        m,
        [unit],
        [relative],
        receiver=decision.care_receiver,
        valid_from=date(2012, 1, 1),
        valid_to=date(2015, 6, 30),
        status="ended",
        created_at=at(date(2012, 1, 1)),
    )
    booking = Booking(
        decision_id=old.id,
        respite_unit_id=unit.id,
        arrival=date(2014, 3, 3),
        departure=date(2014, 3, 5),
        status=BookingStatus.CONFIRMED,
        updated_at=at(date(2014, 3, 1)),
    )
    db.session.add_all(
        [
            booking,
            Booking(
                decision_id=shared.id,
                respite_unit_id=unit.id,
                arrival=date(2015, 3, 3),
                departure=date(2015, 3, 4),
                status=BookingStatus.CONFIRMED,
                updated_at=at(date(2015, 3, 1)),
            ),
        ]
    )
    db.session.flush()
    db.session.add_all(
        [
            StayReconfirmation(booking_id=booking.id, answer="confirmed"),
            WaitingListEntry(
                decision_id=old.id, respite_unit_id=unit.id, user_id=relative.id, day=date(2014, 4, 1), status="expired"
            ),
        ]
    )
    db.session.commit()
    old_receiver, live_receiver = old.care_receiver_id, decision.care_receiver_id
    privacy.log_read(officer, "decision", "processing_decision", care_receiver_id=old_receiver)
    privacy.log_read(officer, "application", "processing_application", application_id=application.id)
    privacy.log_read(officer, "decision", "processing_decision", care_receiver_id=live_receiver)

    assert privacy.erase_expired(date(2024, 12, 31)) == 0  # ten years are not yet over
    assert privacy.erase_expired(date(2025, 1, 1)) == 1
    assert privacy.erase_expired(date(2026, 11, 2)) == 1  # the shared one, six months later
    assert set(db.session.scalars(select(Decision.id))) == {decision.id, other.id}
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0
    for model in (StayReconfirmation, WaitingListEntry, Application, ApplicationEvent):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
    assert db.session.get(CareReceiver, old_receiver) is None
    assert db.session.get(CareReceiver, live_receiver) is not None  # a live decision still needs the person
    assert set(db.session.scalars(select(DecisionRelative.decision_id))) == {decision.id, other.id}
    # The read log has its own retention: the reads stay, no longer saying whom they were about.
    assert sorted((e.care_receiver_id or 0, e.application_id or 0) for e in db.session.scalars(select(AuditEntry))) == [
        (0, 0),
        (0, 0),
        (live_receiver, 0),
    ]
    result = app.test_cli_runner().invoke(args=["respite", "erase-expired"])
    assert result.exit_code == 0 and "erased 0 decisions, 0 read-log entries" in result.output


def test_office_removes_a_relative_when_the_consent_is_withdrawn(client, world):
    m, unit, relative, decision, stranger, other, other_unit = world
    from webapp.respite.models import DecisionRelative, WaitStatus

    brother = make_user(roles=(Role.RELATIVE,), municipality=m, locale="nn", name="Bror Bror")
    decision.relatives.append(
        DecisionRelative(user=brother, consent_given_by="Olav Omsorg", consent_date=TODAY, consent_method="oral")
    )
    booking = Booking(
        decision_id=decision.id,
        respite_unit_id=unit.id,
        booked_by_id=brother.id,
        arrival=TODAY + timedelta(days=5),
        departure=TODAY + timedelta(days=6),
        status=BookingStatus.CONFIRMED,
    )
    entry = WaitingListEntry(
        decision_id=decision.id, respite_unit_id=unit.id, user_id=brother.id, day=TODAY + timedelta(days=9)
    )
    db.session.add_all([booking, entry])
    db.session.commit()
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    login(client, officer)
    page = client.get(f"/oystre-slidre/respite/office/decisions/{decision.id}").get_data(as_text=True)
    assert "Fjern Bror Bror" in page
    base = f"/oystre-slidre/respite/office/decisions/{decision.id}/relatives"
    assert client.post(f"{base}/{stranger.id}/remove").status_code == 404  # not a relative of this decision
    assert (
        client.post(f"/oystre-slidre/respite/office/decisions/999999/relatives/{brother.id}/remove").status_code == 404
    )
    assert client.post(f"{base}/{brother.id}/remove").status_code == 302
    db.session.expire_all()
    assert [r.user_id for r in db.session.get(Decision, decision.id).relatives] == [relative.id]
    assert db.session.get(Booking, booking.id).status == BookingStatus.CONFIRMED  # the bookings stay
    assert db.session.get(WaitingListEntry, entry.id).status == WaitStatus.LEFT
    client.post("/logout")
    login(client, brother)
    assert client.get(f"/oystre-slidre/respite/decisions/{decision.id}").status_code == 404
    assert client.post(f"/oystre-slidre/respite/bookings/{booking.id}/cancel").status_code == 404
    client.post("/logout")
    login(client, relative)
    assert client.get(f"/oystre-slidre/respite/decisions/{decision.id}").status_code == 200


def test_a_refused_booking_says_why_in_nynorsk_on_the_page(client, world):
    m, unit, relative, decision, *_ = world
    login(client, relative)
    url = f"/oystre-slidre/respite/decisions/{decision.id}/book"
    assert (
        client.post(url, data={"unit": unit.id, "arrival": d(3), "departure": d(6), "action": "confirm"}).status_code
        == 302
    )
    for action in ("preview", "confirm"):
        response = client.post(url, data={"unit": unit.id, "arrival": d(7), "departure": d(9), "action": action})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and "ds-error-summary" in html
        assert "men berre 1 av 4 er att" in html, action
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 1


def test_an_offer_whose_time_ran_out_is_not_shown_as_open(client, world, clock):
    m, unit, relative, decision, *_ = world
    entry = WaitingListEntry(
        decision_id=decision.id,
        respite_unit_id=unit.id,
        user_id=relative.id,
        day=TODAY + timedelta(days=4),
        status="offered",
        offered_at=clock.now - timedelta(hours=25),
        offer_expires_at=clock.now - timedelta(minutes=5),
    )
    db.session.add(entry)
    db.session.commit()
    login(client, relative)
    page = client.get(f"/oystre-slidre/respite/decisions/{decision.id}").get_data(as_text=True)
    assert "Ta plassen" not in page  # no button to take a place that is no longer held
    db.session.expire_all()
    assert db.session.get(WaitingListEntry, entry.id).status == "offered"  # the hourly job closes it

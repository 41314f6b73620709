"""The health record's safeguards: a decision's last day is checked, the read log keeps its own
time, and every staff page that shows a person's respite data logs the read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.routing.converters import IntegerConverter

from tests.factories import login, make_user
from tests.respite.conftest import at, make_decision, make_respite_unit, make_staff
from webapp.accounts.models import Role
from webapp.clock import today as oslo_today
from webapp.extensions import db
from webapp.respite import office, privacy, services
from webapp.respite.models import (
    AuditEntry,
    Booking,
    BookingStatus,
    CareReceiver,
    Decision,
    RespiteKind,
    StaffUnit,
)


@pytest.fixture
def world(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m, places=2, name="Øystre Slidre helsetun avlasting")
    relative = make_user(roles=(Role.RELATIVE,), municipality=m, locale="nn")
    decision = make_decision(m, [unit], [relative], valid_from=oslo_today())
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    return m, unit, relative, decision, officer


def _end(client, decision: Decision, day: date | str):
    return client.post(
        f"/oystre-slidre/respite/office/decisions/{decision.id}/end",
        data={"end-end": day if isinstance(day, str) else day.isoformat()},
    )


def test_ending_a_decision_refuses_a_last_day_in_the_past_or_before_it_starts(client, world, clock):
    m, unit, relative, decision, officer = world
    login(client, officer)
    typo = clock.today.replace(year=clock.today.year - 10)  # 2016 for 2026
    refused = _end(client, decision, typo)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Siste dag i vedtaket kan ikkje vere tilbake i tid. Vel i dag eller ein seinare dag." in page
    assert 'id="end-end-error"' in page and f'value="{typo.isoformat()}"' in page  # next to the field, as typed
    later = make_decision(m, [unit], [relative], valid_from=clock.today + timedelta(days=30))
    refused = _end(client, later, clock.today + timedelta(days=10)).get_data(as_text=True)
    assert "Siste dag i vedtaket kan ikkje vere før første dag" in refused
    db.session.expire_all()
    assert [
        (d.status, d.valid_to) for d in (db.session.get(Decision, decision.id), db.session.get(Decision, later.id))
    ] == [("active", date(2040, 12, 31))] * 2
    assert privacy.erase_expired(clock.today) == 0

    assert _end(client, decision, clock.today).status_code == 302  # today is fine
    db.session.expire_all()
    ended = db.session.get(Decision, decision.id)
    assert (ended.status, ended.valid_to) == ("ended", clock.today)


def test_ending_a_decision_in_bokmal_names_the_question(client, world, clock):
    m, unit, relative, decision, officer = world
    officer.locale = "nb"
    db.session.commit()
    login(client, officer)
    page = _end(client, decision, clock.today - timedelta(days=1)).get_data(as_text=True)
    assert "Siste dag i vedtaket kan ikke være tilbake i tid. Velg i dag eller en senere dag." in page


def test_a_decision_cannot_be_changed_to_end_in_the_past(client, world, clock):
    m, unit, relative, decision, officer = world
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
        "valid_from": "2016-01-01",
        "valid_to": "2016-12-31",
        "horizon_days": "90",
        "cancel_hours": "48",
        "max_stay": "7",
        "consent_method": "written",
    }
    response = client.post(f"/oystre-slidre/respite/office/decisions/{decision.id}", data=form)
    assert response.status_code == 400 and "kan ikkje vere tilbake i tid" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Decision, decision.id).valid_to == date(2040, 12, 31)


def test_a_last_day_typed_wrong_does_not_erase_a_decision_still_in_use(app, world, clock):
    """Ten years are counted from the record's last entry, not from a last day typed wrong."""
    m, unit, relative, decision, officer = world
    decision.valid_to = clock.today.replace(year=clock.today.year - 10)  # as the typo left it
    decision.changed_at = clock.now
    db.session.add(
        Booking(
            decision_id=decision.id,
            respite_unit_id=unit.id,
            arrival=clock.today,
            departure=clock.today + timedelta(days=2),
            status=BookingStatus.CONFIRMED,
        )
    )
    db.session.commit()
    assert privacy.erase_expired(clock.today) == 0
    assert privacy.erase_expired(clock.today + timedelta(days=365 * 10)) == 0
    assert privacy.erase_expired(clock.today.replace(year=clock.today.year + 10) + timedelta(days=3)) == 1


def test_the_read_log_outlives_an_erased_decision_until_its_own_time(app, world, clock, monkeypatch):
    m, unit, relative, decision, officer = world
    old = make_decision(
        m,
        [unit],
        [relative],
        valid_from=date(2010, 1, 1),
        valid_to=date(2014, 12, 31),
        status="ended",
        created_at=at(date(2010, 1, 1)),
        receiver=CareReceiver(municipality_id=m.id, name="Gamle Gunnar", birth_year=1925),
    )
    receiver_id = old.care_receiver_id
    office.decision_for_office(officer, m.id, old.id)  # read today, by mistake or not
    assert privacy.erase_expired(clock.today) == 1
    assert db.session.get(CareReceiver, receiver_id) is None
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert (entry.actor_id, entry.what, entry.care_receiver_id) == (officer.id, "decision", None)

    assert privacy.erase_old_reads(clock.today.replace(year=clock.today.year + 9)) == 0
    assert privacy.erase_old_reads(clock.today.replace(year=clock.today.year + 10) + timedelta(days=1)) == 1
    office.decision_for_office(officer, m.id, decision.id)
    monkeypatch.setitem(app.config, "READ_LOG_RETENTION_YEARS", 2)  # a setting, counted from the read
    assert privacy.erase_old_reads(clock.today.replace(year=clock.today.year + 1)) == 0
    assert privacy.erase_old_reads(clock.today.replace(year=clock.today.year + 2) + timedelta(days=1)) == 1


def _get_routes(app, values: dict[str, int]):
    """Every GET route, built with ids of the world (each option of an `any` part)."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        options: list[dict[str, object]] = [{}]
        for name, converter in rule._converters.items():
            if name == "municipality":
                choices: list[object] = ["oystre-slidre"]
            elif hasattr(converter, "items"):
                choices = sorted(converter.items)
            elif isinstance(converter, IntegerConverter):
                choices = [values.get(name, 1)]
            else:
                choices = ["x", *[role.value for role in Role]] if name == "role" else ["x"]
            options = [{**o, name: c} for o in options for c in choices]
        for option in options:
            yield rule.endpoint, rule.build(option)[1]


def test_every_staff_page_that_shows_health_data_logs_the_read(app, client, world):
    m, unit, relative, decision, officer = world
    decision.needs_approval = True
    db.session.commit()
    application = office.apply(
        relative,
        m,
        office.ApplicationData(
            receiver_name="Gamle Gunnar",
            receiver_birth_year=1925,
            relation="son",
            care_work="Han treng tilsyn heile natta",
            hours_per_week="gt40",
            what_would_help="",
            kind_wanted="institution",
            consent="self",
            consent_by="Gamle Gunnar",
        ),
    )
    today = oslo_today()
    booking = services.book(relative, decision.id, unit.id, today + timedelta(days=1), today + timedelta(days=2))
    staff = make_staff(m, unit, locale="nn")
    health = ("Olav Omsorg", "Gamle Gunnar", "Han treng tilsyn heile natta")
    values = {
        "decision_id": decision.id,
        "application_id": application.id,
        "unit_id": unit.id,
        "booking_id": booking.id,
    }
    routes = list(_get_routes(app, values))
    routes.append(
        ("respite.office_new_decision", f"/oystre-slidre/respite/office/decisions/new?application={application.id}")
    )
    assert len(routes) > 60
    shown = set()
    for person in (officer, staff):
        login(client, person)
        for endpoint, path in routes:
            before = db.session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.actor_id == person.id)
            )
            body = client.get(path).get_data()  # bytes: some routes send files
            if not any(secret.encode() in body for secret in health):
                continue
            shown.add(endpoint)
            after = db.session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.actor_id == person.id)
            )
            assert after > before, f"{endpoint} ({path}) showed health data to {person.email} unlogged"
        client.post("/logout")
    assert {
        "respite.office_application",
        "respite.office_new_decision",
        "respite.office_decision",
        "respite.office_pending",
        "respite.unit_calendar",
    } <= shown
    reasons = set(db.session.execute(select(AuditEntry.what, AuditEntry.why)).all())
    assert reasons == {
        ("application", "processing_application"),
        ("decision", "processing_decision"),
        ("booking", "processing_decision"),
        ("occupancy", "receiving"),
    }


def test_the_new_decision_form_from_an_application_is_a_logged_read(client, world):
    """The page the pen test found unlogged."""
    m, unit, relative, decision, officer = world
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
            kind_wanted=RespiteKind.INSTITUTION,
            consent="self",
            consent_by="Gamle Gunnar",
        ),
    )
    login(client, officer)
    page = client.get(f"/oystre-slidre/respite/office/decisions/new?application={application.id}")
    assert "Gamle Gunnar" in page.get_data(as_text=True)
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert (entry.actor_id, entry.application_id, entry.what, entry.why) == (
        officer.id,
        application.id,
        "application",
        "processing_application",
    )


def test_the_office_takes_staff_off_a_unit_and_the_next_request_is_refused(app, client, world, municipalities):
    m, unit, relative, decision, officer = world
    second = make_respite_unit(m, places=1, name="Dagsenteret test", kind=RespiteKind.DAY)
    staff = make_staff(m, unit, name="Siri Sjukepleiar")
    db.session.add(StaffUnit(user_id=staff.id, respite_unit_id=second.id))
    db.session.commit()
    elsewhere = make_respite_unit(municipalities["vestre-toten"])
    theirs = app.test_client()
    login(theirs, staff)
    assert theirs.get(f"/oystre-slidre/respite/unit/{unit.id}").status_code == 200

    login(client, officer)
    page = client.get("/oystre-slidre/respite/office/units").get_data(as_text=True)
    assert "Siri Sjukepleiar (" in page and "Fjern Siri Sjukepleiar" in page
    base = "/oystre-slidre/respite/office/units"
    assert client.post(f"{base}/{elsewhere.id}/staff/{staff.id}/remove").status_code == 404  # not ours
    assert client.post(f"{base}/{unit.id}/staff/{officer.id}/remove").status_code == 404  # not staff there
    done = client.post(f"{base}/{unit.id}/staff/{staff.id}/remove", follow_redirects=True)
    assert "har ikkje lenger tilgang til eininga" in done.get_data(as_text=True)
    assert theirs.get(f"/oystre-slidre/respite/unit/{unit.id}").status_code == 404  # the very next request
    assert theirs.get(f"/oystre-slidre/respite/unit/{second.id}").status_code == 200  # still works there

    client.post(f"{base}/{second.id}/staff/{staff.id}/remove")
    assert theirs.get(f"/oystre-slidre/respite/unit/{second.id}").status_code == 403  # no unit left: no role
    assert theirs.get("/oystre-slidre/respite/unit").status_code == 403
    db.session.expire_all()
    assert not db.session.get(type(staff), staff.id).has_role(Role.UNIT_STAFF, m)

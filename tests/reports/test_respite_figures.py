"""Occupancy, quota and applications, against hand-built data."""

from datetime import date

from tests.factories import make_municipality, make_user
from tests.reports.conftest import oslo
from tests.respite.conftest import make_decision, make_respite_unit, make_staff
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.respite import figures
from webapp.respite.models import Application, ApplicationEvent, Booking, ClosedPeriod

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def _book(decision, unit, arrival: date, departure: date, **overrides) -> None:
    db.session.add(
        Booking(decision_id=decision.id, respite_unit_id=unit.id, arrival=arrival, departure=departure, **overrides)
    )
    db.session.commit()


def test_occupancy_counts_nights_against_places_with_a_closed_period_and_a_unit_without_places(ctx):
    m = make_municipality()
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m)
    beds = make_respite_unit(m, places=2, name="Helsetunet")
    make_respite_unit(m, places=0, name="Tomme")
    decision = make_decision(m, [beds])
    _book(decision, beds, date(2026, 1, 10), date(2026, 1, 12))  # nights of the 10th and 11th
    _book(decision, beds, date(2026, 1, 11), date(2026, 1, 12))
    _book(decision, beds, date(2026, 1, 10), date(2026, 1, 13), status="cancelled")
    db.session.add(ClosedPeriod(respite_unit_id=beds.id, start=date(2026, 1, 20), end=date(2026, 1, 21)))
    db.session.commit()
    units = {u.name: u for u in figures.occupancy(officer, m.id, date(2026, 1, 9), date(2026, 1, 21))}
    days = {d.day: (d.taken, d.places) for d in units["Helsetunet"].days}
    assert days[date(2026, 1, 9)] == (0, 2)
    assert days[date(2026, 1, 10)] == (1, 2)
    assert days[date(2026, 1, 11)] == (2, 2)
    assert days[date(2026, 1, 12)] == (0, 2)  # the day of departure is no night
    assert days[date(2026, 1, 20)] == (0, 0) and days[date(2026, 1, 21)] == (0, 0)
    assert units["Helsetunet"].taken == 3 and units["Helsetunet"].places == 2 * 11
    assert units["Tomme"].places == 0 and units["Tomme"].taken == 0


def test_unit_staff_see_only_their_own_units(ctx):
    m = make_municipality()
    mine, theirs = make_respite_unit(m, name="Min"), make_respite_unit(m, name="Andre")
    staff = make_staff(m, mine)
    assert [u.name for u in figures.occupancy(staff, m.id, JAN, JAN)] == ["Min"]
    assert theirs.id not in [u.unit_id for u in figures.occupancy(staff, m.id, JAN, JAN)]


def test_quota_granted_per_period_touching_the_report_and_used_with_late_cancellations(ctx):
    m = make_municipality()
    unit = make_respite_unit(m, places=4)
    decision = make_decision(m, [unit], valid_from=JAN, quota_amount=4)  # 4 nights per 28 days
    _book(decision, unit, date(2026, 1, 10), date(2026, 1, 12))
    _book(decision, unit, date(2026, 1, 30), date(2026, 1, 31), status="cancelled", late_cancel=True)
    _book(decision, unit, date(2026, 1, 14), date(2026, 1, 16), status="cancelled")  # in time: free again
    make_decision(m, [unit], valid_from=date(2026, 3, 1))  # starts after the period
    other = make_municipality()
    make_decision(other, [make_respite_unit(other)], valid_from=JAN)
    [row] = figures.quota(m.id, JAN, date(2026, 1, 31))
    # Periods 1–28 January and 29 January–25 February touch January: 2 × 4 nights granted.
    assert (row.decision_id, row.granted, row.used) == (decision.id, 8, 3)


def _application(m, created, decided=None, status="granted") -> None:
    application = Application(
        municipality_id=m.id,
        receiver_name="Olav",
        receiver_birth_year=1940,
        relation="son",
        kind_wanted="institution",
        consent="self",
        created_at=created,
        status=status if decided else "received",
    )
    application.events.append(ApplicationEvent(status="received", at=created))
    if decided:
        application.events.append(ApplicationEvent(status="in_review", at=created))
        application.events.append(ApplicationEvent(status=status, at=decided))
    db.session.add(application)
    db.session.commit()


def test_applications_received_decided_and_median_days_per_month(ctx):
    m = make_municipality()
    _application(m, oslo(date(2026, 1, 10)), oslo(date(2026, 1, 13)))  # 3 days
    _application(m, oslo(date(2026, 1, 20)), oslo(date(2026, 2, 1), 0), status="rejected")  # 11.5 days
    _application(m, oslo(date(2026, 2, 2)))  # not decided
    _application(m, oslo(date(2025, 12, 30)), oslo(date(2026, 1, 4)))  # received before, decided in January
    _application(make_municipality(), oslo(date(2026, 1, 10)), oslo(date(2026, 1, 11)))
    (jan, feb), total = figures.applications(m.id, JAN, FEB)
    assert (jan.received, jan.decided, jan.granted, jan.median_days) == (2, 2, 2, 4.0)
    assert (feb.received, feb.decided, feb.granted, feb.median_days) == (1, 1, 0, 11.5)
    assert (total.received, total.decided, total.granted, total.median_days) == (3, 3, 2, 5.0)

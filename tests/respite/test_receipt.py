"""After booking, the relative lands on a receipt (Post/Redirect/Get): who (first name only), where,
when, what to bring, the status, undo while the 15 minutes last, print, and a calendar file that only
the booking's own relatives can fetch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from tests.factories import login, make_user
from tests.respite.test_views import d, world  # noqa: F401 (a fixture)
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.respite.models import Booking


def book(client, decision, unit, arrival: str, departure: str):
    data = {"unit": unit.id, "arrival": arrival, "departure": departure, "action": "confirm"}
    return client.post(f"/oystre-slidre/respite/decisions/{decision.id}/book", data=data)


def test_booking_redirects_to_a_receipt_with_who_where_when_and_what_to_bring(client, world, clock):  # noqa: F811
    m, unit, relative, decision, *_ = world
    unit.unit.address = "Heggenesvegen 1, 2940 Heggenes"
    db.session.commit()
    login(client, relative)
    response = book(client, decision, unit, d(10), d(13))
    booking = db.session.scalar(select(Booking))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/oystre-slidre/respite/bookings/{booking.id}")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kvittering for opphaldet" in html
    who = html.split('id="receipt-who">')[1].split("<")[0]
    assert who == "Olav"  # the first name only, never the whole name
    assert "Omsorg" not in html.split('id="receipt"')[1].split("</dl>")[0]
    assert "Heggenesvegen 1, 2940 Heggenes" in html and "Øystre Slidre helsetun avlasting" in html
    arrival = clock.today + timedelta(days=10)
    arrival_text = html.split('id="receipt-arrival">')[1].split("</dd>")[0]
    weekday = ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "søndag"][arrival.weekday()]
    assert arrival_text.startswith(weekday) and f"{arrival.day}." in arrival_text and "kl. 12.00" in arrival_text
    assert "medisinlista" in html.split('id="receipt-bring">')[1].split("</dd>")[0]
    assert 'id="receipt-status"' in html and 'data-color="success"' in html
    assert 'id="receipt-undo"' in html and "Bestilt ved ein feil?" in html
    assert f"/respite/bookings/{booking.id}/cancel" in html
    assert "data-print" in html and "js/print" in html
    assert f"/respite/bookings/{booking.id}/stay.ics" in html and "Legg til i kalender" in html


def test_the_undo_leaves_the_receipt_after_15_minutes(client, world, clock):  # noqa: F811
    m, unit, relative, decision, *_ = world
    login(client, relative)
    location = book(client, decision, unit, d(10), d(13)).headers["Location"]
    clock.shift(timedelta(minutes=16))
    html = client.get(location).get_data(as_text=True)
    assert 'id="receipt-undo"' not in html and "Kvittering for opphaldet" in html


def test_receipt_and_calendar_file_are_only_for_the_bookings_relatives(app, client, world):  # noqa: F811
    m, unit, relative, decision, stranger, *_ = world
    login(client, relative)
    book(client, decision, unit, d(10), d(13))
    booking = db.session.scalar(select(Booking))
    for user in (stranger, make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m)):
        other = app.test_client()
        login(other, user)
        assert other.get(f"/oystre-slidre/respite/bookings/{booking.id}").status_code == 404
        assert other.get(f"/oystre-slidre/respite/bookings/{booking.id}/stay.ics").status_code == 404
    # Another municipality's address for the same booking is not a way in either.
    assert client.get(f"/vestre-toten/respite/bookings/{booking.id}").status_code == 404
    assert client.get(f"/oystre-slidre/respite/bookings/{booking.id + 999}/stay.ics").status_code == 404


def test_logged_out_is_sent_to_log_in(app, client, world):  # noqa: F811
    m, unit, relative, decision, *_ = world
    login(client, relative)
    book(client, decision, unit, d(10), d(13))
    booking = db.session.scalar(select(Booking))
    assert app.test_client().get(f"/oystre-slidre/respite/bookings/{booking.id}/stay.ics").status_code in (302, 401)


def test_calendar_file_holds_one_event_in_utc_from_arrival_to_departure(client, world, clock):  # noqa: F811
    m, unit, relative, decision, *_ = world
    login(client, relative)
    book(client, decision, unit, d(10), d(13))
    booking = db.session.scalar(select(Booking))
    response = client.get(f"/oystre-slidre/respite/bookings/{booking.id}/stay.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    calendar = Calendar.from_ical(body)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    event = events[0]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    # Arrival at 12.00 Oslo time: 11.00 UTC in winter, 10.00 UTC in summer.
    arrival = clock.today + timedelta(days=10)
    oslo_noon = datetime(arrival.year, arrival.month, arrival.day, 12, tzinfo=UTC)
    assert start.tzinfo is not None and start.utcoffset() == timedelta(0)
    assert start in (oslo_noon - timedelta(hours=1), oslo_noon - timedelta(hours=2))
    assert end.date() == clock.today + timedelta(days=13) and end - start >= timedelta(days=3) - timedelta(hours=1)
    assert "DTSTART:" in body and body.split("DTSTART:")[1].split("\r\n")[0].endswith("Z")
    assert "Olav" in str(event["summary"]) and "Omsorg" not in body
    assert "Øystre Slidre helsetun avlasting" in str(event["location"])
    assert f"/oystre-slidre/respite/bookings/{booking.id}" in str(event["url"])


def test_a_cancelled_booking_has_no_calendar_file(client, world):  # noqa: F811
    m, unit, relative, decision, *_ = world
    login(client, relative)
    book(client, decision, unit, d(10), d(13))
    booking = db.session.scalar(select(Booking))
    assert client.post(f"/oystre-slidre/respite/bookings/{booking.id}/cancel").status_code == 302
    assert client.get(f"/oystre-slidre/respite/bookings/{booking.id}/stay.ics").status_code == 404
    html = client.get(f"/oystre-slidre/respite/bookings/{booking.id}").get_data(as_text=True)
    assert "stay.ics" not in html and 'id="receipt-undo"' not in html

"""Cancelling a stay asks first and says what will be lost; booking inside the cancel deadline warns
before the booking is made; a booking made by mistake is offered as an undo for 15 minutes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests.factories import login
from tests.respite.test_views import d, world  # noqa: F401 (a fixture)
from webapp.extensions import db
from webapp.respite.models import Booking, BookingStatus


def book(client, decision, unit, arrival: str, departure: str, **extra):
    data = {"unit": unit.id, "arrival": arrival, "departure": departure, "action": "confirm"} | extra
    return client.post(f"/oystre-slidre/respite/decisions/{decision.id}/book", data=data)


def test_cancel_asks_first_and_keeps_the_stay_until_confirmed(client, world, clock):  # noqa: F811
    m, unit, relative, decision, *_ = world
    login(client, relative)
    assert book(client, decision, unit, d(10), d(13)).status_code == 302
    booking = db.session.scalar(select(Booking))
    calendar = client.get(f"/oystre-slidre/respite/decisions/{decision.id}").get_data(as_text=True)
    assert f"/respite/bookings/{booking.id}/cancel" in calendar and "Angre bestillinga" in calendar
    page = client.get(f"/oystre-slidre/respite/bookings/{booking.id}/cancel")
    assert page.status_code == 200
    assert "kan angre gratis: du får heile kvoten att" in page.get_data(as_text=True)
    clock.shift(timedelta(hours=1))  # the 15 minutes are over, the deadline is far away
    page = client.get(f"/oystre-slidre/respite/bookings/{booking.id}/cancel").get_data(as_text=True)
    assert "Du får kvoten att." in page and "Avbestille opphaldet?" in page
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.CONFIRMED  # asking changed nothing
    assert client.post(f"/oystre-slidre/respite/bookings/{booking.id}/cancel").status_code == 302
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.CANCELLED
    assert client.get(f"/oystre-slidre/respite/bookings/{booking.id}/cancel").status_code == 404


def test_late_booking_warns_first_then_the_cancel_page_says_the_nights_are_lost(client, world, clock):  # noqa: F811
    m, unit, relative, decision, *_ = world
    login(client, relative)
    warned = book(client, decision, unit, d(1), d(2))
    assert warned.status_code == 200 and 'id="late-warning"' in warned.get_data(as_text=True)
    assert 'name="late_ok"' in warned.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0
    assert book(client, decision, unit, d(1), d(2), late_ok="1").status_code == 302
    booking = db.session.scalar(select(Booking))
    clock.shift(timedelta(minutes=16))
    page = client.get(f"/oystre-slidre/respite/bookings/{booking.id}/cancel").get_data(as_text=True)
    assert "Du får ikkje døgna att: fristen er ute." in page


def test_someone_elses_booking_has_no_cancel_page(app, client, world):  # noqa: F811
    m, unit, relative, decision, stranger, *_ = world
    login(client, relative)
    book(client, decision, unit, d(10), d(13))
    booking = db.session.scalar(select(Booking))
    other = app.test_client()
    login(other, stranger)
    assert other.get(f"/oystre-slidre/respite/bookings/{booking.id}/cancel").status_code == 404

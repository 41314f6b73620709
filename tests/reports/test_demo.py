"""The demo shows reports with numbers in them, and loading it twice adds nothing."""

from datetime import timedelta

from sqlalchemy import func, select

from webapp import demo_data
from webapp.accounts.services import find_by_email
from webapp.database import utcnow
from webapp.extensions import db
from webapp.months import month_of, months_back
from webapp.municipalities.services import get_by_slug
from webapp.offers import figures as offer_figures
from webapp.offers.models import OfferSession, SignUp
from webapp.respite import figures as respite_figures


def test_demo_reports_have_numbers_and_loading_again_adds_nothing(ctx):
    demo_data.load_all()
    counts = [db.session.scalar(select(func.count()).select_from(t)) for t in (OfferSession, SignUp)]
    demo_data.load_all()
    assert [db.session.scalar(select(func.count()).select_from(t)) for t in (OfferSession, SignUp)] == counts
    this_month = month_of(utcnow())
    first = months_back(this_month, 11)
    oystre, toten = get_by_slug("oystre-slidre"), get_by_slug("vestre-toten")
    rows = offer_figures.activity(oystre, first, this_month)
    assert sum(r.signups for r in rows) > 10 and sum(r.attended for r in rows) > 10
    assert sum(w.waiting for w in offer_figures.waiting_now(toten)) >= 2
    officer = find_by_email("tildeling@demo.example")
    today = utcnow().date()
    units = respite_figures.occupancy(officer, toten.id, today, today + timedelta(days=20))
    assert sum(u.taken for u in units) > 0

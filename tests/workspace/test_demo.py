"""The demo people see start pages with something on them, and loading twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp import demo_data
from webapp.accounts.services import find_by_email
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.services import get_by_slug
from webapp.offers.models import SignUp
from webapp.workspace import services


def test_demo_start_pages_are_populated(ctx):
    demo_data.load_all()
    signups = db.session.scalar(select(func.count(SignUp.id)))
    demo_data.load_all()
    assert db.session.scalar(select(func.count(SignUp.id))) == signups
    now = utcnow()
    for email, slug, keys in [
        ("tildeling@demo.example", "vestre-toten", ("applications", "bookings")),
        ("redaktor@demo.example", "oystre-slidre", ("drafts", "waiting_lists")),
        ("koordinator@demo.example", "oystre-slidre", ("to_onboard", "interest")),
        ("enhet@demo.example", "vestre-toten", ("arrivals",)),
    ]:
        user, m = find_by_email(email), get_by_slug(slug)
        section = services.sections(user, m, now)[0]  # each demo person has one staff role there
        counts = {item.key: item.count for item in section.items}
        assert all(counts[key] >= 1 for key in keys), (email, counts)

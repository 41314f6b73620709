from flask_babel import force_locale
from sqlalchemy import func, select

from webapp import demo_data
from webapp.accounts.services import find_by_email
from webapp.extensions import db
from webapp.respite import services
from webapp.respite.models import Booking, Decision, RespiteUnit
from webapp.respite.overview import quota_text


def test_demo_data_loads_twice_and_the_demo_relative_can_book(ctx):
    demo_data.load_all()
    demo_data.load_all()
    assert db.session.scalar(select(func.count()).select_from(RespiteUnit)) == 5
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 6
    assert db.session.scalar(select(func.count()).select_from(Booking)) > 5
    relative = find_by_email("parorende@demo.example")
    decisions = services.decisions_of(relative, find_by_email("parorende@demo.example").home_municipality_id)
    assert [d.care_receiver.name for d in decisions] == ["Ragnhild Haugen"]
    with force_locale("nn"):
        assert quota_text(decisions[0]) == "4 døgn per 4 veker"
    with force_locale("nb"):
        assert quota_text(decisions[0]) == "4 døgn per 4 uker"

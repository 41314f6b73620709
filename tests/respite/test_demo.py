from datetime import date

from flask_babel import force_locale
from sqlalchemy import func, select

from webapp import demo_data
from webapp.accounts.services import find_by_email
from webapp.extensions import db
from webapp.municipalities.services import get_by_slug
from webapp.respite import demo, services
from webapp.respite.models import Booking, Decision, RespiteUnit
from webapp.respite.overview import quota_text


def test_demo_data_loads_twice_and_the_demo_relative_can_book(ctx):
    demo_data.load_all()
    demo_data.load_all()
    assert db.session.scalar(select(func.count()).select_from(RespiteUnit)) == 6
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 7
    assert db.session.scalar(select(func.count()).select_from(Booking)) > 5
    relative = find_by_email("parorende@demo.example")
    decisions = services.decisions_of(relative, find_by_email("parorende@demo.example").home_municipality_id)
    assert [d.care_receiver.name for d in decisions] == ["Ragnhild Haugen"]
    with force_locale("nn"):
        assert quota_text(decisions[0]) == "4 døgn per 4 veker"
    with force_locale("nb"):
        assert quota_text(decisions[0]) == "4 døgn per 4 uker"

    # Vestre Toten moves its 4 beds from Gimle to the new care centre; Midtre Gauldal's calendar is alive.
    vestre_toten = get_by_slug("vestre-toten")
    gimle = demo._respite_unit(vestre_toten.id, "Gimle sykehjem")
    centre = demo._respite_unit(vestre_toten.id, demo.NEW_CENTRE)
    before, after = date(2027, 12, 31), date(2028, 1, 1)
    assert (services.places_on(gimle, before), services.places_on(centre, before)) == (4, 0)
    assert (services.places_on(gimle, after), services.places_on(centre, after)) == (0, 4)
    midtre_gauldal = get_by_slug("midtre-gauldal")
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Booking)
            .join(Decision)
            .where(Decision.municipality_id == midtre_gauldal.id)
        )
        == 2
    )

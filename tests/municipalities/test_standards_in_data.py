"""Texts staff type are written in their municipality's standard; on a page in the other standard
they carry their language (lang), and the demo data is written in each municipality's standard."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from webapp.extensions import db
from webapp.municipalities.models import Unit, UnitKind


def test_unit_names_are_marked_on_a_page_in_the_other_standard(client, municipalities):
    nynorsk = client.get("/oystre-slidre/").get_data(as_text=True)
    assert "<strong>Barneavlastinga</strong>" in nynorsk  # the page is in the text's own standard
    client.post("/language", data={"locale": "nb"})
    bokmal = client.get("/oystre-slidre/").get_data(as_text=True)
    assert '<html lang="nb"' in bokmal
    assert '<strong><span lang="nn">Barneavlastinga</span></strong>' in bokmal
    assert '<strong><span lang="nb">' not in bokmal


def test_marked_text_is_still_escaped(app, ctx):
    template = app.jinja_env.from_string("{{ text|in_standard('nn') }}")
    with force_locale("nb"):
        assert template.render(text="<b>Vaksenopplæring</b>") == (
            '<span lang="nn">&lt;b&gt;Vaksenopplæring&lt;/b&gt;</span>'
        )
    with force_locale("nn"):
        assert template.render(text="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_the_care_home_kind_is_a_plain_care_home(ctx):
    with force_locale("nn"):
        assert UnitKind.CARE_HOME.title == "Sjukeheim"
    with force_locale("nb"):
        assert UnitKind.CARE_HOME.title == "Sykehjem"


def test_demo_data_is_written_in_each_municipalitys_standard(ctx, clock):
    from webapp import demo_data
    from webapp.municipalities.models import Municipality
    from webapp.respite.models import SchoolHoliday

    list(demo_data.load_all())
    holidays = db.session.execute(
        select(Municipality.slug, SchoolHoliday.name).join(
            Municipality, Municipality.id == SchoolHoliday.municipality_id
        )
    ).all()
    summer = {slug: name for slug, name in holidays if name.startswith("Somm")}
    assert summer == {"oystre-slidre": "Sommarferie", "vestre-toten": "Sommerferie", "midtre-gauldal": "Sommerferie"}
    names = set(db.session.scalars(select(Unit.name)))
    assert "Barneavlastinga" in names and "Barneavlastninga" not in names

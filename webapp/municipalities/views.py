from flask import abort, g, render_template

from webapp.municipalities import bp, services
from webapp.municipalities.models import Municipality, UnitKind


@bp.get("/")
def landing():
    return render_template(
        "municipalities/landing.html",
        municipalities=services.all_municipalities(),
        regions=services.all_regions(),
    )


@bp.get("/<municipality:municipality>/", strict_slashes=False)
def front(municipality: Municipality):
    return render_template(
        "municipalities/front.html",
        municipality=municipality,
        units=services.units(municipality),
        volunteer_centre=services.first_unit(municipality, UnitKind.VOLUNTEER_CENTRE),
    )


@bp.get("/region/<slug>/")
def region(slug: str):
    found = services.get_region(slug)
    if found is None:
        abort(404)
    g.page_locale = found.default_locale
    return render_template("municipalities/region.html", region=found)

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from webapp.extensions import limiter
from webapp.municipalities import bp, services, statements
from webapp.municipalities.forms import AccessibilityFeedbackForm
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


def _accessibility_page(municipality: Municipality | None, form: AccessibilityFeedbackForm | None = None):
    return render_template(
        "municipalities/accessibility.html",
        municipality=municipality,
        municipalities=services.all_municipalities() if municipality is None else [],
        form=form or AccessibilityFeedbackForm(),
        statement_date=statements.STATEMENT_DATE,
        deviations=statements.DEVIATIONS,
        authority_url=statements.SUPERVISORY_AUTHORITY_URL,
    )


@bp.get("/accessibility")
def accessibility_general():
    return _accessibility_page(None)


@bp.get("/<municipality:municipality>/accessibility")
def accessibility(municipality: Municipality):
    return _accessibility_page(municipality)


def _feedback_limit() -> str:
    return current_app.config["ACCESSIBILITY_FEEDBACK_LIMIT"]


@bp.post("/<municipality:municipality>/accessibility")
@limiter.limit(_feedback_limit)
def accessibility_feedback(municipality: Municipality):
    if not municipality.contact_email:
        abort(404)
    form = AccessibilityFeedbackForm()
    if not form.validate():
        return _accessibility_page(municipality, form), 400
    services.send_accessibility_feedback(
        municipality,
        message=form.message.data,
        page=form.page.data or "",
        name=form.name.data or "",
        email=form.email.data or "",
    )
    flash(_("Thank you. Your feedback has been sent to %(name)s municipality.", name=municipality.name), "success")
    return redirect(url_for("municipalities.accessibility", municipality=municipality, _anchor="feedback"))


def _privacy_page(municipality: Municipality | None):
    config = current_app.config
    return render_template(
        "municipalities/privacy.html",
        municipality=municipality,
        municipalities=services.all_municipalities() if municipality is None else [],
        read_log_years=config["READ_LOG_RETENTION_YEARS"],
    )


@bp.get("/privacy")
def privacy_general():
    return _privacy_page(None)


@bp.get("/<municipality:municipality>/privacy")
def privacy(municipality: Municipality):
    return _privacy_page(municipality)


@bp.get("/developers")
def developers():
    return render_template("municipalities/developers.html")

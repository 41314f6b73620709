"""The coordinator's renewals page: what runs out within 60 days, and how long each holds."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from webapp.clock import today as oslo_today
from webapp.municipalities.models import Municipality
from webapp.municipalities.services import sharing_partners
from webapp.volunteers import bp, renewals
from webapp.volunteers.coordinator_views import COORD, coordinator
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.forms import RegionPoolForm, RenewalForm


def _page(municipality: Municipality, form: RenewalForm, status: int = 200):
    return (
        render_template(
            "volunteers/coordinator/renewals.html",
            municipality=municipality,
            expiring=renewals.expiring(municipality.id),
            notice_days=renewals.NOTICE_DAYS,
            today=oslo_today(),
            form=form,
            pool_form=RegionPoolForm(shares_with_region=municipality.shares_with_region),
            partners=sharing_partners(municipality),
        ),
        status,
    )


@bp.get(COORD + "/renewals")
@coordinator
def coordinator_renewals(municipality: Municipality):
    months = renewals.months_for(municipality.id)
    return _page(
        municipality, RenewalForm(politiattest_months=months.politiattest, declaration_months=months.declaration)
    )


@bp.post(COORD + "/renewals")
@coordinator
def coordinator_renewals_save(municipality: Municipality):
    form = RenewalForm()
    if not form.validate_on_submit():
        return _page(municipality, form, 400)
    try:
        renewals.save_months(municipality, form.politiattest_months.data, form.declaration_months.data)
    except VolunteerError as exc:
        form.politiattest_months.errors = [str(exc)]
        return _page(municipality, form, 400)
    flash(_("Saved."), "success")
    return redirect(url_for("volunteers.coordinator_renewals", municipality=municipality))

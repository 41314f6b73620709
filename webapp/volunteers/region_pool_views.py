"""The coordinator's switches for a shared pool in the region (region_pool.py): the
municipality's setting, on the renewals page, and a task's "shared with the region"."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from webapp.municipalities import services as municipalities
from webapp.municipalities.models import Municipality
from webapp.volunteers import bp, region_pool, tasks
from webapp.volunteers.coordinator_views import COORD, coordinator, run_action
from webapp.volunteers.forms import RegionPoolForm


@bp.post(COORD + "/region-pool")
@coordinator
def coordinator_region_pool(municipality: Municipality):
    if municipality.region_id is None:
        abort(404)
    form = RegionPoolForm()
    if not form.validate_on_submit():
        abort(400)
    municipalities.set_shares_with_region(municipality, bool(form.shares_with_region.data))
    flash(_("Saved."), "success")
    return redirect(url_for("volunteers.coordinator_renewals", municipality=municipality, _anchor="region-pool"))


@bp.post(COORD + "/tasks/<int:task_id>/shared")
@coordinator
def coordinator_task_shared(municipality: Municipality, task_id: int):
    task = tasks.get_task(municipality, task_id)
    if task is None:
        abort(404)
    value = request.form.get("shared", "") == "1"
    return run_action(
        lambda: region_pool.set_shared_with_region(task, value),
        _("The task is shared with the region.") if value else _("The task is no longer shared with the region."),
        "volunteers.coordinator_task",
        municipality,
        task_id=task_id,
    )

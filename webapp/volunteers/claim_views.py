"""Tasks open to claim: the volunteer's list and claim, asking for a substitute, and the
coordinator's switch (claims.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.municipalities.models import Municipality
from webapp.volunteers import bp, claims, region_pool, services, tasks
from webapp.volunteers.coordinator_views import COORD, coordinator, run_action
from webapp.volunteers.errors import VolunteerError

ME = "/<municipality:municipality>/volunteer/me"


def _own(municipality: Municipality):
    volunteer = services.volunteer_of(current_user, municipality)
    if volunteer is None:
        abort(404)
    return volunteer


@bp.get(ME + "/claim")
@login_required
def claim_list(municipality: Municipality):
    volunteer = _own(municipality)
    return render_template(
        "volunteers/claim.html",
        municipality=municipality,
        volunteer=volunteer,
        tasks=claims.claimable_tasks(volunteer) if volunteer.is_approved else [],
        roles={r.code: r for r in services.all_roles()},
    )


@bp.post(ME + "/claim/<int:task_id>")
@login_required
def claim_task(municipality: Municipality, task_id: int):
    volunteer = _own(municipality)
    task = region_pool.task_to_claim(municipality, task_id)
    if task is None:
        abort(404)
    try:
        claims.claim(volunteer, task)
    except VolunteerError as exc:
        flash(str(exc), "error")
        return redirect(url_for("volunteers.claim_list", municipality=municipality))
    flash(_("The task is yours. The coordinator has been told."), "success")
    return redirect(url_for("volunteers.my_task", municipality=municipality, task_id=task_id))


@bp.post(ME + "/tasks/<int:task_id>/substitute")
@login_required
def seek_substitute(municipality: Municipality, task_id: int):
    volunteer = _own(municipality)
    assignment = claims.my_seekable(volunteer, task_id)
    if assignment is None:
        abort(404)
    try:
        claims.seek_substitute(assignment)
    except VolunteerError as exc:
        flash(str(exc), "error")
    else:
        flash(_("We are looking for a substitute. The task is yours until someone takes it."), "success")
    return redirect(url_for("volunteers.my_task", municipality=municipality, task_id=task_id))


@bp.post(COORD + "/tasks/<int:task_id>/open-to-claim")
@coordinator
def coordinator_open_to_claim(municipality: Municipality, task_id: int):
    task = tasks.get_task(municipality, task_id)
    if task is None:
        abort(404)
    value = request.form.get("open", "") == "1"
    return run_action(
        lambda: claims.set_open_to_claim(task, value),
        _("Volunteers can now take the task themselves.") if value else _("The task is no longer open to claim."),
        "volunteers.coordinator_task",
        municipality,
        task_id=task_id,
    )

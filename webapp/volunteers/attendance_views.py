"""The coordinator marks one time of a task as done or "did not come" (attendance.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.municipalities.models import Municipality
from webapp.volunteers import attendance, bp, tasks
from webapp.volunteers.coordinator_views import COORD, coordinator
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.forms import DayForm

CHOICES = {"done": True, "no_show": False}


@bp.post(COORD + "/tasks/<int:task_id>/attendance/<int:assignment_id>")
@coordinator
def coordinator_attendance(municipality: Municipality, task_id: int, assignment_id: int):
    assignment = tasks.get_assignment(municipality, assignment_id)
    if assignment is None or assignment.task_id != task_id:
        abort(404)
    back = redirect(url_for("volunteers.coordinator_task", municipality=municipality, task_id=task_id))
    form = DayForm(prefix=f"attendance-{assignment.id}")
    choice = request.form.get("came", "")
    if not form.validate_on_submit():
        flash(str(form.day.errors[0] if form.day.errors else _("Write a valid date.")), "error")
        return back
    if choice not in CHOICES:
        flash(_("Choose whether the volunteer came."), "error")
        return back
    try:
        attendance.mark(assignment, current_user, form.day.data, CHOICES[choice])
    except VolunteerError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Attendance saved."), "success")
    return back

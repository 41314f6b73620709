"""Writing to a group, the log of what was sent, and one message with its recipients.

A volunteer coordinator writes to every group of the municipality; an editor only to the groups
of the municipality's offers. Anything of another municipality is a 404, as is a message to a
group the reader may not write to."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from webapp.accounts.access import require_role
from webapp.accounts.models import Role
from webapp.messaging import bp, services
from webapp.messaging.forms import GroupMessageForm
from webapp.messaging.models import GroupKind
from webapp.municipalities.models import Municipality

MESSAGES = "/<municipality:municipality>/messages"
writers = require_role(Role.VOLUNTEER_COORDINATOR, Role.EDITOR)


def _kinds(municipality: Municipality) -> tuple[GroupKind, ...]:
    return services.allowed_kinds(current_user.has_role(Role.VOLUNTEER_COORDINATOR, municipality))


@bp.get(MESSAGES)
@writers
def message_log(municipality: Municipality):
    messages = services.sent_messages(municipality, _kinds(municipality))
    titles = {m.id: services.shown_title(m) for m in messages}
    return render_template("messaging/log.html", municipality=municipality, messages=messages, titles=titles)


@bp.route(MESSAGES + "/new", methods=["GET", "POST"])
@writers
def new_message(municipality: Municipality):
    kinds = _kinds(municipality)
    form = GroupMessageForm()
    form.group.choices = services.group_options(municipality, kinds)
    if not form.is_submitted() and request.args.get("group"):
        form.group.data = request.args["group"]
    preview = missing = None
    if form.validate_on_submit():
        try:
            group = services.parse_group(municipality, form.group.data, kinds)
            if request.form.get("action") == "send":
                message = services.send(
                    group,
                    form.subject.data,
                    form.body_nb.data or "",
                    form.body_nn.data or "",
                    current_user,
                    municipality,
                )
                reached = message.reached
                flash(
                    ngettext(
                        "The message is on its way to %(num)s person.",
                        "The message is on its way to %(num)s people.",
                        reached,
                    ),
                    "success",
                )
                return redirect(url_for("messaging.message_detail", municipality=municipality, message_id=message.id))
            preview = services.preview(group)
            missing = [s for s in services.STANDARDS if not (getattr(form, f"body_{s}").data or "").strip()]
        except services.GroupNotFound as exc:
            form.group.errors = [*form.group.errors, str(exc)]
        except services.MessagingError as exc:
            flash(str(exc), "error")
    status = 422 if form.errors else 200
    return (
        render_template("messaging/new.html", municipality=municipality, form=form, preview=preview, missing=missing),
        status,
    )


@bp.get(MESSAGES + "/<int:message_id>")
@writers
def message_detail(municipality: Municipality, message_id: int):
    message = services.get_message(municipality, message_id, _kinds(municipality))
    if message is None:
        abort(404)
    return render_template(
        "messaging/detail.html", municipality=municipality, message=message, title=services.shown_title(message)
    )

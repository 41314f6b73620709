"""Administrators: messages the outbox gave up on, to send again or drop."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from webapp.extensions import login_manager
from webapp.notifications import dead
from webapp.workspace import bp, services

F = TypeVar("F", bound=Callable[..., Any])


def administrators_only(view: F) -> F:
    """Only those who administer the whole service: the list spans every municipality."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not services.is_administrator(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@bp.get("/admin/messages")
@administrators_only
def dead_messages():
    response = render_template("workspace/dead_messages.html", messages=dead.dead_messages())
    return response, 200, {"Cache-Control": "no-store"}


def _handle(action: Callable[[], object], done: str):
    try:
        action()
    except dead.OutboxError as exc:
        flash(str(exc), "error")
    else:
        flash(done, "success")
    return redirect(url_for("workspace.dead_messages"))


@bp.post("/admin/messages/<int:message_id>/retry")
@administrators_only
def retry_message(message_id: int):
    return _handle(
        lambda: dead.retry(message_id, current_user.id),
        _("The message is back in the queue and is sent within a few minutes."),
    )


@bp.post("/admin/messages/<int:message_id>/discard")
@administrators_only
def discard_message(message_id: int):
    return _handle(lambda: dead.discard(message_id, current_user.id), _("The message is deleted."))


@bp.post("/admin/messages/retry-all")
@administrators_only
def retry_all_messages():
    count = dead.retry_all(current_user.id)
    flash(
        ngettext("%(num)s message is back in the queue.", "%(num)s messages are back in the queue.", count), "success"
    )
    return redirect(url_for("workspace.dead_messages"))

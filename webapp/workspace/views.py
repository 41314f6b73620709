"""The start page of each staff role, and its counts as a fragment for htmx to refresh."""

from __future__ import annotations

from flask import abort, make_response, render_template, request
from flask_login import current_user

from webapp import clock
from webapp.accounts.access import require_role
from webapp.accounts.sessions import passive
from webapp.database import utcnow
from webapp.htmx import is_htmx
from webapp.municipalities.models import Municipality
from webapp.notifications import dead
from webapp.workspace import bp, services

staff_only = require_role(*services.STAFF_ROLES)


@bp.app_template_global()
def workspace_allowed(municipality: Municipality | None) -> bool:
    return bool(municipality and current_user.is_authenticated and services.roles_in(current_user, municipality))


bp.add_app_template_global(services.signature, "counts_signature")


@bp.app_template_global()
def workspace_municipalities() -> list[Municipality]:
    return services.workspace_municipalities(current_user) if current_user.is_authenticated else []


@bp.get("/<municipality:municipality>/workspace")
@staff_only
def start(municipality: Municipality):
    now = utcnow()
    return render_template(
        "workspace/start.html",
        municipality=municipality,
        today=clock.today(now),
        now=now,
        sections=services.sections(current_user, municipality, now),
        dead_messages=dead.dead_count() if services.is_administrator(current_user) else None,
    )


@bp.get("/<municipality:municipality>/workspace/counts/<role>")
@passive  # it refreshes itself every minute: that must not keep an unattended session alive
def counts(municipality: Municipality, role: str):
    if not current_user.is_authenticated and is_htmx():
        abort(401)  # a poll after the session ended: htmx swaps nothing in; a reload asks to log in
    return _counts(municipality=municipality, role=role)


@staff_only
def _counts(municipality: Municipality, role: str):
    found = services.staff_role(role)
    if found is None:
        abort(404)
    if not current_user.has_role(found, municipality):
        abort(403)
    items = services.counts(found, current_user, municipality, utcnow())
    if request.args.get("seen") == services.signature(items):
        response = make_response("", 204)  # htmx swaps nothing
    else:
        response = make_response(
            render_template("workspace/_counts.html", municipality=municipality, role=found, items=items)
        )
    response.headers["Cache-Control"] = "no-store"
    response.headers.add("Vary", "HX-Request")
    return response

""" "Logg inn for tilsette": the pages of webapp.accounts.staff_login."""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, current_app, flash, redirect, render_template, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts import bp, idporten, sessions, staff_login
from webapp.clock import utcnow
from webapp.municipalities.services import get_by_slug
from webapp.navigation import external_url

PENDING = "_staff_login"  # the login under way: municipality, state, nonce, verifier, where to go next
REFUSALS = {"mfa": 403, "unknown": 403, "failed": 400}


def _choices() -> list[tuple[str, str]]:
    """(slug, name) of each municipality with a staff provider, by name."""
    found = []
    for slug in staff_login.configured(current_app.config):
        municipality = get_by_slug(slug)
        if municipality is not None:
            found.append((slug, municipality.name))
    return sorted(found, key=lambda choice: choice[1])


@bp.get("/staff/login")
def staff_login_page():
    if current_user.is_authenticated:
        return redirect(sessions.landing(current_user, request.args.get("next")))
    return render_template("accounts/staff_login.html", choices=_choices(), next_page=request.args.get("next") or None)


@bp.get("/staff/login/<slug>")
def staff_login_start(slug: str):
    """Off to the provider. A link, not a form: the page's form-action 'self' would stop a form's
    redirect to another site. It changes nothing but this browser's session."""
    staff = staff_login.configured(current_app.config).get(slug)
    municipality = get_by_slug(slug) if staff else None
    if staff is None or municipality is None:
        abort(404)
    try:
        provider, _keys = staff_login.discover(staff)
    except staff_login.StaffLoginError as error:
        return _refused(error.reason)
    url, start = idporten.begin(
        provider, external_url("accounts.staff_login_callback"), None, str(get_locale() or "nb"), staff_login.SCOPE
    )
    session[PENDING] = {"slug": slug, "next": request.args.get("next", ""), **asdict(start)}
    return redirect(url)


@bp.get("/staff/callback")
def staff_login_callback():
    pending = session.pop(PENDING, None)
    if not isinstance(pending, dict) or request.args.get("error"):
        return _refused("failed")
    staff = staff_login.configured(current_app.config).get(pending.get("slug", ""))
    municipality = get_by_slug(staff.slug) if staff else None
    if staff is None or municipality is None:
        return _refused("failed")
    try:
        provider, keys = staff_login.discover(staff)
        start = idporten.LoginStart(
            state=pending["state"], nonce=pending["nonce"], code_verifier=pending["code_verifier"], level=None
        )
        claims, _token = idporten.finish(
            provider,
            keys,
            start,
            redirect_uri=external_url("accounts.staff_login_callback"),
            code=request.args.get("code", ""),
            state=request.args.get("state", ""),
            now=int(utcnow().timestamp()),
        )
        user = staff_login.match(claims, staff, municipality)
    except idporten.IdTokenError:
        current_app.logger.warning("staff login refused: the provider's answer did not hold")
        return _refused("failed")
    except staff_login.StaffLoginError as error:
        return _refused(error.reason, municipality.name)
    sessions.start(user)
    flash(_("You are logged in."), "success")
    return redirect(sessions.landing(user, pending.get("next")))


def _refused(reason: str, municipality: str = ""):
    return render_template("accounts/staff_refused.html", reason=reason, municipality=municipality), REFUSALS[reason]

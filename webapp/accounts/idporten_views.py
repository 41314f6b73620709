"""Logging in and out with ID-porten, and the level each page needs.

What the login needs between leaving for ID-porten and coming back (state, nonce, PKCE verifier)
is kept in the signed session cookie; the ID token, kept for logging out at ID-porten, is kept
there encrypted, since it holds the identity number."""

from __future__ import annotations

import base64
import hashlib
import logging
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from flask import Response, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from wtforms import EmailField, StringField, TelField
from wtforms.validators import Email, Length, Optional

from webapp import i18n, security
from webapp.accounts import bp, idporten, sessions
from webapp.accounts import idporten_services as services
from webapp.accounts.forms import NAME, PHONE
from webapp.clock import utcnow
from webapp.extensions import csrf
from webapp.forms import Form
from webapp.navigation import external_url, safe_next, safe_path

log = logging.getLogger(__name__)
START = "_idporten_start"  # the login under way
LOGIN = "_idporten"  # the ID-porten login behind this session: its level, sid and ID token
CONTACT_NEXT = "_idporten_contact_next"


class ContactForm(Form):
    name = StringField(_l("Name"), validators=NAME)
    email = EmailField(
        _l("E-mail"),
        validators=[
            Optional(),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(message=_l("Write a valid e-mail address, like ola@example.no."), check_deliverability=False),
        ],
    )
    phone = TelField(_l("Mobile phone"), validators=PHONE)


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"idporten id token:" + secret).digest()))


def _login_info() -> dict[str, Any]:
    info = session.get(LOGIN)
    return info if isinstance(info, dict) else {}


def session_level() -> str | None:
    """The assurance level of the ID-porten login behind this session, if it came from one."""
    level = _login_info().get("acr")
    return level if level in idporten.LEVELS else None


def _problem(kind: str, status: int = 400) -> tuple[str, int]:
    return render_template("accounts/idporten_problem.html", kind=kind), status


@bp.app_context_processor
def _idporten_links() -> dict[str, Any]:
    return {"idporten_enabled": services.configured()}


@bp.get("/idporten/login")
def idporten_login():
    """Off to ID-porten, at the level the page the person wants needs."""
    if not services.configured():
        return _problem("unavailable", 404)
    kind = request.args.get("for", services.PERSONAL)
    if kind not in services.KINDS:
        kind = services.PERSONAL
    municipality = g.get("municipality")
    level = services.level_for(kind, municipality.slug if municipality else None)
    try:
        provider, _keys = services.provider()
    except (OSError, ValueError, KeyError, idporten.IdTokenError):
        log.warning("ID-porten's discovery document could not be read")
        return _problem("unavailable", 503)
    url, start = idporten.begin(provider, external_url("accounts.idporten_callback"), level, str(i18n.select_locale()))
    session[START] = {
        "state": start.state,
        "nonce": start.nonce,
        "verifier": start.code_verifier,
        "level": start.level,
        "next": safe_path(request.args.get("next")),
    }
    return redirect(url)


@bp.get("/idporten/callback")
def idporten_callback():
    """Back from ID-porten: check everything, then log the person in."""
    started = session.pop(START, None)
    if not services.configured():
        return _problem("unavailable", 404)
    if request.args.get("error"):
        # The person cancelled, or ID-porten could not log them in; nothing here changes.
        return _problem("cancelled")
    if not isinstance(started, dict):
        return _problem("state")
    start = idporten.LoginStart(started["state"], started["nonce"], started["verifier"], started["level"])
    try:
        provider, keys = services.provider()
        claims, id_token = idporten.finish(
            provider,
            keys,
            start,
            redirect_uri=external_url("accounts.idporten_callback"),
            code=request.args.get("code", "")[:512],
            state=request.args.get("state", "")[:512],
            now=int(utcnow().timestamp()),
        )
    except idporten.LevelTooLow:
        return _problem("level")
    except idporten.IdTokenError as error:
        # The reason never holds a claim's value, so it may be logged.
        log.warning("ID-porten login refused: %s", error)
        kind = "state" if "state" in str(error) else "token"
        return _problem(kind)
    except (OSError, ValueError, KeyError):
        return _problem("unavailable", 503)
    current = current_user._get_current_object() if current_user.is_authenticated else None
    try:
        outcome = services.log_in(claims, current)
    except services.IdportenError as error:
        return render_template("accounts/idporten_problem.html", kind="account", message=str(error)), 400
    user = outcome.user
    if current is None or current.id != user.id:
        sessions.start(user)
    if user.locale:
        i18n.remember_choice(user.locale)
    session[LOGIN] = {
        "acr": claims.get("acr"),
        "sid": claims.get("sid") if isinstance(claims.get("sid"), str) else None,
        "token": _fernet().encrypt(id_token.encode()).decode(),
    }
    services.remember_session(user, claims.get("sid"))
    if outcome.needs_contact:
        session[CONTACT_NEXT] = started.get("next")
        return redirect(url_for("accounts.idporten_contact"))
    return redirect(sessions.landing(user, started.get("next")))


@bp.route("/idporten/contact", methods=["GET", "POST"])
def idporten_contact():
    """How we may reach a person who came with ID-porten and nothing else."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    form = ContactForm(obj=current_user if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.save_contact(
                current_user._get_current_object(),
                name=form.name.data or "",
                email=form.email.data or "",
                phone=form.phone.data or "",
            )
        except services.IdportenError as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            return redirect(sessions.landing(current_user, session.pop(CONTACT_NEXT, None)))
    return render_template("accounts/idporten_contact.html", form=form), 400 if form.errors else 200


@bp.get("/idporten/step-up")
def idporten_step_up():
    """Why the page needs a login at a higher level, and the way to it."""
    kind = request.args.get("for", services.RESPITE)
    if kind not in services.KINDS:
        kind = services.RESPITE
    return render_template(
        "accounts/idporten_step_up.html",
        kind=kind,
        next=safe_next(request.args.get("next"), "accounts.my_pages"),
        logged_in_with_idporten=session_level() is not None,
    )


def logout_redirect() -> str | None:
    """Where logging out goes when the session came from ID-porten: to ID-porten, to end its
    session too (RP-initiated logout), and from there back to us. Forgets the ID-porten login."""
    info = session.pop(LOGIN, None)
    if not isinstance(info, dict) or not services.configured():
        return None
    services.forget_session(info.get("sid"))
    try:
        id_token = _fernet().decrypt(str(info.get("token", "")).encode()).decode()
        provider, _keys = services.provider()
    except (InvalidToken, OSError, ValueError, KeyError, idporten.IdTokenError):
        return None
    return idporten.logout_url(provider, id_token, external_url("accounts.idporten_logged_out"), "logout")


@bp.after_app_request
def _allow_logout_at_idporten(response: Response) -> Response:
    """Logging out is a form whose answer sends the browser on to ID-porten: the page's policy
    lets forms lead there, and nowhere else."""
    if services.configured() and response.headers.get("Content-Security-Policy") == security.CSP:
        issuer = urlsplit(current_app.config["IDPORTEN_ISSUER"])
        response.headers["Content-Security-Policy"] = security.CSP.replace(
            "form-action 'self'", f"form-action 'self' {issuer.scheme}://{issuer.netloc}"
        )
    return response


@bp.get("/idporten/logged-out")
def idporten_logged_out():
    """ID-porten sends the person here after its logout."""
    return redirect(url_for("municipalities.landing"))


@bp.get("/idporten/front-channel-logout")
@csrf.exempt
def idporten_front_channel_logout():
    """ID-porten ended its session (the person logged out at another service): end ours. Loaded
    by ID-porten in a hidden frame, so it answers an empty page and never redirects."""
    issuer = request.args.get("iss", "")
    sid = request.args.get("sid", "")[:255]
    ended = False
    if services.configured() and issuer == current_app.config["IDPORTEN_ISSUER"] and sid:
        ended = services.end_by_provider(sid)
        if _login_info().get("sid") == sid:
            session.pop(LOGIN, None)
            logout_user()
    response = Response("", status=200 if ended else 400, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.before_app_request
def _require_level() -> Any:
    """Respite and applications need the respite level, anything personal after an ID-porten
    login the personal level: a person who logged in lower is sent to step up."""
    if not services.configured() or not current_user.is_authenticated or current_user.is_staff:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    # Runs before the page's municipality is put in `g`: read it from the address.
    municipality = (request.view_args or {}).get("municipality") or g.get("municipality")
    slug = getattr(municipality, "slug", None)
    if getattr(view, "__module__", "") == "webapp.respite.views":
        kind = services.RESPITE
    elif session_level() is not None and request.blueprint not in ("accounts", "static", None):
        kind = services.PERSONAL
    else:
        return None
    if idporten.meets(session_level(), services.level_for(kind, slug)):
        return None
    page = request.full_path.rstrip("?") if request.method in ("GET", "HEAD") else request.referrer
    return redirect(url_for("accounts.idporten_step_up", next=safe_next(_path(page)), **{"for": kind}))


def _path(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")

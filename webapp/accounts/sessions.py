"""Sessions that can be ended, and that end by themselves when left alone.

The session's id is the person's id and their session version (`User.get_id`); the loader accepts
it only while the version matches, so raising the version ends every session of that person, also
a copied cookie. How long a session may sit idle, and how old it may get, is checked here on the
server's clock, never left to the cookie's expiry in the browser."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, redirect, request, session, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from webapp import i18n
from webapp.accounts.models import User
from webapp.accounts.services import get_user
from webapp.database import utcnow
from webapp.extensions import login_manager
from webapp.htmx import page_url
from webapp.navigation import current_path, safe_path

SEEN = "_seen"  # the moment of the last request that was the person's own doing
STARTED = "_started"  # the moment of logging in
ENDED = "_ended"  # why the last session ended by itself, for the login page
F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.user_loader(load_user)
    app.before_request(_end_if_left_alone)


def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None  # a session from before versions: it has ended
    user = get_user(int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def home_for(user: User) -> str:
    """Where a person lands after logging in when no page asked for it: staff on their workspace,
    everyone else on Mine sider."""
    from webapp.workspace.services import workspace_municipalities  # workspace reaches accounts at import

    places = workspace_municipalities(user)
    return url_for("workspace.start", municipality=places[0]) if places else url_for("accounts.my_pages")


def landing(user: User, next_value: str | None) -> str:
    """The page the person asked for (a path on this site only), else their home."""
    return safe_path(next_value) or home_for(user)


def start(user: User) -> None:
    """Log in in this browser."""
    login_user(user)
    session.permanent = True
    session[STARTED] = session[SEEN] = utcnow().timestamp()


def keep_current(user: User) -> None:
    """After the person's session version was raised by their own action in this browser, this
    session goes on (every other one has ended)."""
    login_user(user)


def passive(view: F) -> F:
    """A request to this view (a page refreshing itself) does not count as activity, so it never
    keeps a session alive."""
    view.passive = True  # type: ignore[attr-defined]
    return view


def idle_limit(user: User) -> timedelta:
    config = current_app.config
    return config["SESSION_IDLE_STAFF"] if user.is_staff else config["SESSION_IDLE"]


def limits_said() -> dict[str, str]:
    """The idle limits as words in the page's standard, for the login page."""
    config = current_app.config
    return {
        "staff": format_timedelta(config["SESSION_IDLE_STAFF"], threshold=1),
        "others": format_timedelta(config["SESSION_IDLE"], threshold=1),
    }


def _end_if_left_alone() -> Response | None:
    # Logging out ends every session of the person, however long this one has been left alone.
    if request.endpoint in ("static", "accounts.logout") or "_user_id" not in session:
        return None
    if not current_user.is_authenticated:  # ended elsewhere: forget it here too
        logout_user()
        return None
    now = utcnow().timestamp()
    if now - session.get(STARTED, 0) > current_app.config["SESSION_MAX_AGE"].total_seconds():
        reason = "max_age"
    elif now - session.get(SEEN, 0) > idle_limit(current_user).total_seconds():
        reason = "idle"
    else:
        if not getattr(current_app.view_functions.get(request.endpoint), "passive", False):
            session[SEEN] = now
        return None
    if current_user.locale:  # the login page speaks the person's standard
        i18n.remember_choice(current_user.locale)
    logout_user()
    if request.endpoint == "accounts.login":
        return None
    session[ENDED] = reason
    return _to_login()


def ended_notice() -> str | None:
    """Why the session ended by itself, once, for the login page (in the page's standard)."""
    reason = session.pop(ENDED, None)
    if reason == "max_age":
        return _(
            "For your safety you are logged out %(time)s after you logged in. Log in again to go on.",
            time=format_timedelta(current_app.config["SESSION_MAX_AGE"], threshold=1),
        )
    if reason == "idle":
        return _("You were logged out because you had not used the service for a while. Log in again to go on.")
    return None


def _to_login() -> Response:
    """To the login page, and from there back to where the person was."""
    page = page_url()
    if page is not None:  # htmx asked for a fragment: send the whole page to the login page
        response = Response(status=401)
        response.headers["HX-Redirect"] = url_for("accounts.login", next=_same_site_path(page))
        return response
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("accounts.login", next=current_path()))
    # A form sent after the session ended is not acted on; the person comes back to its page.
    return redirect(url_for("accounts.login", next=_same_site_path(request.referrer)))


def _same_site_path(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc != request.host or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")

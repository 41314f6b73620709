"""The application factory: config → extensions → blueprints → i18n → CLI."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request, url_for
from flask_login import current_user
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import assets, errors, i18n, observability, security, template_filters
from webapp import config as config_module
from webapp.database import IdConverter
from webapp.extensions import babel, csrf, db, limiter, migrate
from webapp.navigation import current_path, external_url
from webapp.transactions import discard


class SettingsError(RuntimeError):
    """Production settings that would make the service unsafe; the app does not start."""


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_folder="../static")
    app.config.from_object(config_module.from_environment())
    if config:
        app.config.update(config)
    _check_settings(app)
    _init_hosts(app)
    observability.init_app(app)  # first, so that the duration covers every other hook

    _init_extensions(app)
    _register_blueprints(app)
    _register_reminders(app)
    _register_personal_data(app)
    _init_templates(app)
    security.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    _init_cli(app)
    return app


def _check_settings(app: Flask) -> None:
    if app.config["APP_ENV"] != "production":
        return
    fatal = [p for p in config_module.problems(app.config) if p.fatal]
    if fatal:
        raise SettingsError(
            "Refusing to start in production; run `flask check`:\n"
            + "\n".join(f"  {p.setting} {p.message}" for p in fatal)
        )


def _init_hosts(app: Flask) -> None:
    """Requests for a host that is not ours get 400; forwarded headers count only from our proxies."""
    app.config["TRUSTED_HOSTS"] = config_module.trusted_hosts(app.config)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.url_map.converters["int"] = IdConverter


def _database_waits(app: Flask) -> dict[str, Any]:
    """Engine options that bound every wait for the database by DATABASE_WAIT_SECONDS."""
    seconds = app.config["DATABASE_WAIT_SECONDS"]
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite:///"):  # writers wait for each other this long
        return {"pool_timeout": seconds, "connect_args": {"timeout": seconds}}
    if url.startswith("postgresql"):
        return {
            "pool_timeout": seconds,
            "connect_args": {
                "connect_timeout": max(1, round(seconds)),
                "options": f"-c lock_timeout={round(seconds * 1000)}",
            },
        }
    return {}


def _init_extensions(app: Flask) -> None:
    from pathlib import Path

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**_database_waits(app), **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    # Not the global name: importing the module webapp.htmx rebinds `webapp.htmx` to the module.
    from webapp.extensions import htmx as htmx_extension

    htmx_extension.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)

    from webapp.accounts import sessions

    sessions.init_app(app)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers and one writer work at once; foreign keys are off in SQLite unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _register_blueprints(app: Flask) -> None:
    from webapp import tokens  # noqa: F401  (its table belongs to the schema)
    from webapp.accounts import bp as accounts_bp
    from webapp.municipalities import bp as municipalities_bp
    from webapp.municipalities.services import MunicipalityConverter, set_request_municipality
    from webapp.notifications import models as _notification_models  # noqa: F401

    app.url_map.converters["municipality"] = MunicipalityConverter
    app.register_blueprint(municipalities_bp)
    app.register_blueprint(accounts_bp)
    for blueprint in _domain_blueprints():
        app.register_blueprint(blueprint)

    @app.before_request
    def _municipality() -> None:
        if request.endpoint != "static":
            set_request_municipality()

    @app.get("/healthz")
    def healthz():
        try:
            db.session.execute(db.text("SELECT 1"))
        except Exception:  # any failure to reach the database means "not healthy"
            discard()
            return {"status": "error", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}


def _domain_blueprints() -> list:
    """Blueprints of the domain packages, in the order their links appear."""
    from webapp.messaging import bp as messaging_bp
    from webapp.offers import bp as offers_bp
    from webapp.reports import bp as reports_bp
    from webapp.respite import bp as respite_bp
    from webapp.respite.reconfirm_views import bp as reconfirm_bp
    from webapp.volunteers import bp as volunteers_bp
    from webapp.workspace import bp as workspace_bp

    return [offers_bp, volunteers_bp, respite_bp, reconfirm_bp, workspace_bp, reports_bp, messaging_bp]


def _register_reminders(app: Flask) -> None:
    """Every source of reminders `flask notify due` sends, here and nowhere else."""
    from webapp.notifications.services import register_reminder_source
    from webapp.offers import reminders as offer_reminders
    from webapp.respite import reconfirm
    from webapp.volunteers import interests, renewals
    from webapp.volunteers import reconfirm as volunteer_reconfirm
    from webapp.volunteers import reminders as volunteer_reminders

    for source in (
        interests.interest_due,
        offer_reminders.due,
        volunteer_reminders.due,
        volunteer_reconfirm.due,
        reconfirm.due,
        renewals.due,
    ):
        register_reminder_source(app, source)


def _register_personal_data(app: Flask) -> None:
    """Each domain's part of what the service holds about a person, in the order they erase: the
    domains, then the messages (which put *** for the names the domains' erasure has just told
    others about), and the account itself last."""
    from webapp import personal_data
    from webapp.accounts import privacy as accounts
    from webapp.accounts import staff_privacy
    from webapp.messaging import privacy as messaging
    from webapp.municipalities import privacy as municipalities
    from webapp.notifications import privacy as notifications
    from webapp.offers import privacy as offers
    from webapp.respite import privacy as respite
    from webapp.volunteers import privacy as volunteers

    for part in (
        personal_data.CORE,
        municipalities.PART,
        respite.PART,
        volunteers.PART,
        offers.PART,
        messaging.PART,
        notifications.PART,
        staff_privacy.PART,
        accounts.PART,
    ):
        personal_data.register(app, part)


def _init_templates(app: Flask) -> None:
    def has_endpoint(endpoint: str) -> bool:
        return endpoint in app.view_functions

    app.jinja_env.globals.update(has_endpoint=has_endpoint, current_path=current_path, external_url=external_url)
    template_filters.register(app)

    @app.context_processor
    def _layout_context() -> dict[str, Any]:
        from flask_babel import get_locale
        from flask_babel import gettext as _

        return {
            "nav_links": [
                ("offers.index", _("Offers and activities")),
                ("offers.guide", _("What do you need?")),
                ("volunteers.index", _("Volunteering")),
                ("respite.index", _("Respite for relatives")),
            ],
            "current_municipality": g.get("municipality"),
            "current_locale": str(get_locale()),
            "current_user": current_user,
            "url_for": url_for,
        }


def _init_cli(app: Flask) -> None:
    """Every command group, here and nowhere else: each `cli.py` lists its groups in `commands`."""
    from webapp import cli
    from webapp.accounts import cli as accounts_cli
    from webapp.notifications import cli as notifications_cli
    from webapp.offers import cli as offers_cli
    from webapp.respite import cli as respite_cli
    from webapp.volunteers import cli as volunteers_cli

    for module in (cli, accounts_cli, notifications_cli, offers_cli, respite_cli, volunteers_cli):
        for command in module.commands:
            app.cli.add_command(command)
    notifications_cli.init_app(app)

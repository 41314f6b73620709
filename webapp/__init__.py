"""The application factory: config → extensions → blueprints → i18n → CLI."""
from __future__ import annotations

from typing import Any

from flask import Flask, g, request, url_for
from flask_babel import format_date, format_datetime
from flask_login import current_user
from sqlalchemy import event

from webapp import config as config_module
from webapp import assets, errors, i18n, security
from webapp.navigation import current_path
from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_folder="../static")
    app.config.from_object(config_module.from_environment())
    if config:
        app.config.update(config)

    _init_extensions(app)
    _register_blueprints(app)
    _register_reminders(app)
    _init_templates(app)
    security.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    _init_cli(app)
    return app


def _init_extensions(app: Flask) -> None:
    from pathlib import Path

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
        # Writers wait for each other instead of failing at once.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"], "connect_args": {"timeout": 30}
        }
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

    from webapp.accounts.services import get_user

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(user_id: str):
        return get_user(int(user_id)) if user_id.isdigit() else None


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
            db.session.rollback()
            return {"status": "error", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}


def _domain_blueprints() -> list:
    """Blueprints of the domain packages, in the order their links appear."""
    from webapp.offers import bp as offers_bp
    from webapp.reports import bp as reports_bp
    from webapp.respite import bp as respite_bp
    from webapp.respite.reconfirm import bp as reconfirm_bp
    from webapp.volunteers import bp as volunteers_bp
    from webapp.workspace import bp as workspace_bp

    return [offers_bp, volunteers_bp, respite_bp, reconfirm_bp, workspace_bp, reports_bp]


def _register_reminders(app: Flask) -> None:
    from webapp.notifications.services import register_reminder_source
    from webapp.offers import reminders as offer_reminders
    from webapp.respite import reconfirm
    from webapp.volunteers import reconfirm as volunteer_reconfirm
    from webapp.volunteers import reminders as volunteer_reminders

    for source in (offer_reminders.due, volunteer_reminders.due, volunteer_reconfirm.due, reconfirm.due):
        register_reminder_source(app, source)


def _init_templates(app: Flask) -> None:
    def has_endpoint(endpoint: str) -> bool:
        return endpoint in app.view_functions

    app.jinja_env.globals.update(has_endpoint=has_endpoint, current_path=current_path)
    app.jinja_env.filters["date_long"] = lambda value: format_date(value, "full")
    app.jinja_env.filters["datetime_long"] = lambda value: format_datetime(
        value, "EEEE d. MMMM y 'kl.' HH.mm"
    )

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
    from webapp import cli
    from webapp.notifications import cli as notification_cli

    cli.init_app(app)
    notification_cli.init_app(app)

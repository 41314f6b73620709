from flask import Blueprint

bp = Blueprint("respite", __name__, template_folder="templates", cli_group="respite")

from webapp.respite import cli, office_views, unit_views, views  # noqa: E402,F401

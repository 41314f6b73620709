from flask import Blueprint

bp = Blueprint("respite", __name__, template_folder="templates")

from webapp.respite import office_views, unit_views, views  # noqa: E402,F401

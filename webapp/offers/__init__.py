from flask import Blueprint

bp = Blueprint("offers", __name__, template_folder="templates")

from webapp.offers import api_views, attendance_views, editor_views, views  # noqa: E402,F401

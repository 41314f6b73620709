from flask import Blueprint

bp = Blueprint("offers", __name__, template_folder="templates")

from webapp.offers import api_views, views, views_attendance, views_editor  # noqa: E402,F401

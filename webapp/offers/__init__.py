from flask import Blueprint

bp = Blueprint("offers", __name__, template_folder="templates")

from webapp.offers import (  # noqa: E402,F401
    api_views,
    attendance_views,
    editor_views,
    embed_views,
    openactive,
    openactive_views,
    views,
)

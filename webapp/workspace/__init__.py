"""The staff start pages: what waits for each role in a municipality, linked to where it is handled."""

from flask import Blueprint

bp = Blueprint("workspace", __name__, template_folder="templates")

from webapp.workspace import admin_views, views  # noqa: E402,F401

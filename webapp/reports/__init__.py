"""Reports per municipality and period: charts, the same numbers as tables, and CSV."""

from flask import Blueprint

bp = Blueprint("reports", __name__, template_folder="templates")

from webapp.reports import views  # noqa: E402,F401

from flask import Blueprint

bp = Blueprint("volunteers", __name__, template_folder="templates")

from webapp.volunteers import (  # noqa: E402,F401  (routes, signal receiver)
    attendance_views,
    claim_views,
    expense_views,
    receivers,
    record_views,
    region_pool_views,
    renewal_views,
    views,
)

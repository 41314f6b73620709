from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

from webapp.accounts import (  # noqa: E402,F401
    access_views,
    assisted_views,
    idporten_views,
    login_methods_views,
    staff_login_views,
    views,
)

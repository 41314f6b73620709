from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

from webapp.accounts import access_views, assisted_views, cli, login_methods_views, staff_login_views, views  # noqa: E402,F401

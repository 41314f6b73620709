from flask import Blueprint

bp = Blueprint("municipalities", __name__, template_folder="templates")

from webapp.municipalities import views  # noqa: E402,F401

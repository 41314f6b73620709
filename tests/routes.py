"""Routes that exist only in tests: a page that fails, and a page for editors only."""

from flask import Blueprint
from werkzeug.exceptions import InternalServerError

from webapp.accounts.access import require_role
from webapp.accounts.models import Role

bp = Blueprint("test_only", __name__, url_prefix="/test-only")


@bp.get("/boom")
def boom():
    raise InternalServerError()


@bp.get("/<municipality:municipality>/editors")
@require_role(Role.EDITOR)
def editors_only(municipality):
    return "editors"

"""The administrators' page of who has access, where each role can be taken away."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp.accounts import bp, roles
from webapp.accounts.forms import ConfirmForm
from webapp.accounts.services import AccountError
from webapp.confirm import asks_first


def _administrators_only() -> None:
    if not roles.is_global_administrator(current_user):
        abort(403)


@bp.get("/admin/access")
@login_required
def access():
    _administrators_only()
    search = request.args.get("q", "")[:100]
    people: dict[int, tuple] = {}
    for grant in roles.access_grants(search):
        people.setdefault(grant.user_id, (grant.user, []))[1].append(grant)
    return render_template("accounts/access.html", people=list(people.values()), search=search)


@bp.post("/admin/access/<int:grant_id>/remove")
@login_required
@asks_first(_l("The person loses what this role gives access to."))
def remove_access(grant_id: int):
    _administrators_only()
    if ConfirmForm().validate_on_submit():
        try:
            revoked = roles.revoke_grant(grant_id)
        except roles.GrantNotFound:
            abort(404)
        except AccountError as exc:
            flash(str(exc), "error")
        else:
            flash(
                _(
                    "%(name)s no longer has the role %(role)s. It takes effect on their next page.",
                    name=revoked.user.name,
                    role=revoked.role.title.lower(),
                ),
                "success",
            )
    return redirect(url_for("accounts.access", q=request.args.get("q") or None))

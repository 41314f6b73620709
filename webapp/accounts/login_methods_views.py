"""A municipality's administrator switches e-mail and password login for relatives and staff."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from webapp.accounts import bp, login_methods
from webapp.accounts.access import require_role
from webapp.accounts.models import Role
from webapp.forms import Form
from webapp.municipalities.models import Municipality


class LoginMethodsForm(Form):
    relatives = BooleanField(_l("Relatives may log in with e-mail and password"))
    staff = BooleanField(_l("Staff may log in with e-mail and password"))


@bp.route("/<municipality:municipality>/admin/login-methods", methods=["GET", "POST"])
@require_role(Role.ADMINISTRATOR)
def login_methods_page(municipality: Municipality):
    config = current_app.config
    form = LoginMethodsForm()
    if request.method == "GET":
        form.relatives.data = municipality.password_login_relatives
        form.staff.data = municipality.password_login_staff
    if form.validate_on_submit():
        try:
            login_methods.save(municipality, config, relatives=form.relatives.data, staff=form.staff.data)
        except login_methods.CannotSwitchOff as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("The ways to log in are saved."), "success")
            return redirect(url_for("accounts.login_methods_page", municipality=municipality))
    return render_template(
        "accounts/login_methods.html",
        form=form,
        municipality=municipality,
        idporten=login_methods.has_idporten(config),
        staff_provider=login_methods.has_staff_provider(config, municipality),
    ), 400 if form.errors else 200

from collections.abc import Callable

from flask import (
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, logout_user

from webapp import i18n
from webapp.accounts import assisted, bp, idporten_views, login_methods, services, sessions
from webapp.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    ContactForm,
    EmailForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    RegisterForm,
)
from webapp.accounts.models import User
from webapp.extensions import limiter
from webapp.municipalities.services import all_municipalities
from webapp.navigation import safe_next, safe_path
from webapp.notifications import services as notifications


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


def _login_client_limit() -> str:
    return current_app.config["LOGIN_CLIENT_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_LIMIT"]


def _register_address_limit() -> str:
    return current_app.config["REGISTER_ADDRESS_LIMIT"]


def _email_key() -> str:
    return "email:" + request.form.get("email", "").strip().lower()[:254]


def _client_email_key() -> str:
    """Wrong passwords count per client and address: someone elsewhere cannot lock the owner out."""
    return f"{get_remote_address()}|{_email_key()}"


def _user_key() -> str:
    return f"user:{getattr(current_user, 'id', None)}"


def _municipality_choices() -> list[tuple[str, str]]:
    return [("", _("Choose municipality"))] + [(str(m.id), m.name) for m in all_municipalities()]


def _next_path() -> str | None:
    return safe_path(request.args.get("next"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_client_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_client_email_key)
def login():
    if current_user.is_authenticated:
        return redirect(sessions.landing(current_user, request.args.get("next")))
    form = LoginForm()
    page = {"ended": sessions.ended_notice(), "limits": sessions.limits_said()}
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("The e-mail address or the password is wrong."))
        elif not user.is_confirmed:
            services.resend_confirmation(user, next_path=_next_path())
            form.form_errors.append(_("Confirm your e-mail address first. We have sent you a new link."))
        elif (refusal := login_methods.password_refusal(user, current_app.config)) is not None:
            form.form_errors.append(login_methods.refusal_message(refusal))
            page["elsewhere"] = login_methods.elsewhere(refusal)
        else:
            sessions.start(user)
            flash(_("You are logged in."), "success")
            return redirect(sessions.landing(user, request.args.get("next")))
        return render_template("accounts/login.html", form=form, **page), 400
    return render_template("accounts/login.html", form=form, **page), 400 if form.errors else 200


@bp.post("/logout")
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            services.log_out_everywhere(current_user)
        at_idporten = idporten_views.logout_redirect()
        logout_user()
        flash(_("You are logged out."), "success")
        if at_idporten:  # ends the ID-porten session too, which sends the person back to us
            return redirect(at_idporten)
    return redirect(url_for("municipalities.landing"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
@limiter.limit(_register_address_limit, methods=["POST"], key_func=_email_key)
def register():
    if current_user.is_authenticated:
        return redirect(sessions.landing(current_user, request.args.get("next")))
    form = RegisterForm()
    form.home_municipality.choices = _municipality_choices()
    if request.method == "GET":
        form.locale.data = str(i18n.select_locale())
        form.home_municipality.data = _current_municipality_id()
    if form.validate_on_submit():
        try:
            services.register(
                email=form.email.data,
                password=form.password.data,
                name=form.name.data,
                locale=form.locale.data,
                home_municipality_id=form.home_municipality.data,
                next_path=_next_path(),
            )
        except services.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            return redirect(url_for("accounts.register_done", next=_next_path()))
    status = 400 if form.errors else 200
    return render_template("accounts/register.html", form=form), status


def _current_municipality_id() -> int | None:
    municipality = g.get("municipality")
    return municipality.id if municipality else None


@bp.get("/register/sent")
def register_done():
    return render_template("accounts/register_done.html")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.confirm_email(token)
        except services.AccountError as exc:
            return render_template("accounts/link_problem.html", message=str(exc)), 400
        flash(_("Your e-mail address is confirmed."), "success")
        if current_user.is_authenticated:
            return redirect(sessions.landing(current_user, request.args.get("next")))
        return redirect(url_for("accounts.login", next=_next_path()))
    return render_template("accounts/confirm.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("accounts/forgot_sent.html")
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.check_reset_token(token)
    except services.AccountError as exc:
        return render_template("accounts/link_problem.html", message=str(exc)), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            flash(_("Your password is changed. You can log in now."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), 400 if form.errors else 200


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    form.home_municipality.choices = _municipality_choices()
    if request.method == "GET":
        form.home_municipality.data = current_user.home_municipality_id
        form.locale.data = current_user.locale or str(i18n.select_locale())
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            services.ProfileData(
                name=form.name.data,
                phone=form.phone.data or "",
                locale=form.locale.data,
                home_municipality_id=form.home_municipality.data,
            ),
        )
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    erase_form = ConfirmForm(prefix="erase")
    prefs = notifications.preferences(current_user.id)
    contact_form = ContactForm(
        prefix="contact", data={"email": prefs.email, "sms": prefs.sms, "reminders": prefs.reminders}
    )
    status = 400 if form.errors else 200
    return render_template("accounts/profile.html", form=form, erase_form=erase_form, contact_form=contact_form), status


@bp.get("/my-pages")
@login_required
def my_pages():
    """Mine sider: the person's own sign-ups, respite and volunteering in one place, each with its next step."""
    from webapp.offers import signups
    from webapp.respite import office, rules
    from webapp.volunteers import hours, interests
    from webapp.volunteers import services as volunteering

    respite, volunteer = [], []
    for municipality in all_municipalities():
        decisions = rules.decisions_of(current_user, municipality.id)
        applications = office.applications_of(current_user, municipality.id)
        if decisions or applications:
            bookings = {d.id: rules.bookings_of_decision(d) for d in decisions}
            respite.append((municipality, decisions, bookings, applications, office.processing_days(municipality)))
        found = volunteering.volunteer_of(current_user, municipality)
        if found is not None:
            volunteer.append((municipality, found, hours.my_assignments(found), interests.interests_of(found)))
    offer_signups = [(s, signups.cancel_link(s)) for s in signups.signups_of_user(current_user.id)]
    return render_template(
        "accounts/my_pages.html",
        offer_signups=offer_signups,
        respite=respite,
        volunteer=volunteer,
        done_by_phone=assisted.actions_for(current_user),
        roles={r.code: r for r in volunteering.all_roles()} if volunteer else {},
    )


# Guessing the current password on these forms is limited as on the login page.
_password_guesses = limiter.limit(_login_limit, methods=["POST"], key_func=_user_key)


@bp.route("/profile/email", methods=["GET", "POST"])
@login_required
@_password_guesses
def change_email():
    form = ChangeEmailForm()
    return _change_with_password(
        form,
        "accounts/change_email.html",
        form.password,
        form.email,
        lambda user: services.request_email_change(user, form.password.data, form.email.data),
        _("We have sent a link to the new e-mail address. The change takes effect when you follow it."),
    )


@bp.route("/profile/password", methods=["GET", "POST"])
@login_required
@_password_guesses
def change_password():
    form = ChangePasswordForm()
    return _change_with_password(
        form,
        "accounts/change_password.html",
        form.current_password,
        form.password,
        lambda user: services.change_password(user, form.current_password.data, form.password.data),
        _("Your password is changed. You are logged out everywhere else."),
    )


def _change_with_password(form, template: str, password_field, other_field, change: Callable[[User], None], done: str):
    """A change that asks for the current password and ends every other session."""
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change(user)
        except services.WrongPassword as exc:
            password_field.errors.append(str(exc))
        except services.AccountError as exc:
            other_field.errors.append(str(exc))
        else:
            sessions.keep_current(user)
            flash(done, "success")
            return redirect(url_for("accounts.profile"))
    return render_template(template, form=form), 400 if form.errors else 200


@bp.post("/profile/contact")
@login_required
def contact_preferences():
    form = ContactForm(prefix="contact")
    if form.validate_on_submit():
        notifications.save_preferences(
            current_user.id, email=form.email.data, sms=form.sms.data, reminders=form.reminders.data
        )
        flash(_("Your choices for messages are saved."), "success")
    return redirect(url_for("accounts.profile"))


@bp.get("/profile/export")
@login_required
def export():
    return Response(
        services.export_data(current_user),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=mine-data.json"},
    )


@bp.post("/profile/erase")
@login_required
def erase():
    form = ConfirmForm(prefix="erase")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        logout_user()
        services.erase_account(user)
        flash(_("Your account is erased."), "success")
    return redirect(url_for("municipalities.landing"))


@bp.post("/language")
def set_language():
    form = ConfirmForm()
    choice = request.form.get("locale", "")
    if form.validate_on_submit():
        try:
            locale = i18n.remember_choice(choice)
        except ValueError:
            return redirect(safe_next(request.form.get("next")))
        if current_user.is_authenticated:
            services.set_locale(current_user, locale)
    return redirect(safe_next(request.form.get("next")))

"""Help by phone: the pages where a volunteer coordinator or the allocation office acts for a
resident who phoned in (webapp.accounts.assisted)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts import assisted, bp
from webapp.accounts.access import require_role
from webapp.accounts.assisted_forms import OfferSignUpForm, PersonForm, RespiteForm, SearchForm, VolunteerForm
from webapp.accounts.models import Role, User
from webapp.municipalities.models import Municipality

HELPERS = assisted.HELPERS


@bp.get("/<municipality:municipality>/phone-help")
@require_role(*HELPERS)
def phone_help(municipality: Municipality):
    search = SearchForm(request.args)
    found = assisted.find_residents(current_user, municipality, search.q.data or "") if search.validate() else []
    return render_template(
        "accounts/phone_help.html",
        municipality=municipality,
        search=search,
        searched=bool(search.q.data),
        found=found,
        people=assisted.assisted_people(current_user, municipality),
        form=PersonForm(),
    ), 400 if search.errors else 200


@bp.post("/<municipality:municipality>/phone-help/people")
@require_role(*HELPERS)
def phone_help_create(municipality: Municipality):
    form = PersonForm()
    if form.validate_on_submit():
        try:
            person = assisted.create_person(current_user, municipality, form.name.data, form.phone.data)
        except assisted.AssistError as error:
            form.phone.errors.append(str(error))
        else:
            flash(_("%(name)s is registered.", name=person.name), "success")
            return redirect(url_for("accounts.phone_help_person", municipality=municipality, person_id=person.id))
    return render_template(
        "accounts/phone_help.html",
        municipality=municipality,
        search=SearchForm(formdata=None),
        searched=False,
        found=[],
        people=assisted.assisted_people(current_user, municipality),
        form=form,
    ), 400


def _person(municipality: Municipality, person_id: int) -> User:
    try:
        return assisted.person_for(current_user, municipality, person_id)
    except assisted.NotFound:
        abort(404)


def _forms(municipality: Municipality, person: User, **given):
    """The three forms of the person's page, with their choices; `given` holds a submitted one."""
    from webapp.offers import services as offers
    from webapp.volunteers.roles import all_roles

    locale = str(get_locale() or "nb")
    offer_form = given.get("offer_form") or OfferSignUpForm(formdata=None)
    offer_form.offer.choices = [
        (offer.id, offer.text("title", locale)) for offer in offers.visible_offers(municipality) if offer.takes_sign_ups
    ]
    volunteer_form = None
    if current_user.has_role(Role.VOLUNTEER_COORDINATOR, municipality):
        volunteer_form = given.get("volunteer_form") or VolunteerForm(formdata=None)
        volunteer_form.roles.choices = [
            (role.code, getattr(role, f"name_{locale}", role.name_nb)) for role in all_roles()
        ]
    respite_form, decisions = None, assisted.decisions_of(current_user, municipality, person)
    if decisions:
        respite_form = given.get("respite_form") or RespiteForm(formdata=None)
        respite_form.decision.choices = [
            (d.id, f"{d.care_receiver.name}: {d.valid_from.isoformat()}–{d.valid_to.isoformat()}") for d in decisions
        ]
        units = {unit.id: unit.unit.name for d in decisions for unit in d.units}
        respite_form.unit.choices = sorted(units.items(), key=lambda choice: choice[1])
    return {"offer_form": offer_form, "volunteer_form": volunteer_form, "respite_form": respite_form}


def _page(municipality: Municipality, person: User, status: int = 200, **given):
    return render_template(
        "accounts/phone_help_person.html",
        municipality=municipality,
        person=person,
        has_email=assisted.has_email(person),
        actions=[a for a in assisted.actions_for(person) if a.municipality_id == municipality.id],
        **_forms(municipality, person, **given),
    ), status


@bp.get("/<municipality:municipality>/phone-help/people/<int:person_id>")
@require_role(*HELPERS)
def phone_help_person(municipality: Municipality, person_id: int):
    return _page(municipality, _person(municipality, person_id))


def _done(municipality: Municipality, person: User, message: str):
    flash(message, "success")
    return redirect(url_for("accounts.phone_help_person", municipality=municipality, person_id=person.id))


def _submit(municipality: Municipality, person: User, key: str, form, field: str, act: Callable[[], object], done: str):
    """A submitted form of the person's page: the action, or the page again with why not."""
    _forms(municipality, person, **{key: form})
    if form.validate_on_submit():
        try:
            act()
        except assisted.NotFound:
            abort(404)
        except assisted.AssistError as error:
            getattr(form, field).errors.append(str(error))
        else:
            return _done(municipality, person, done)
    return _page(municipality, person, 400, **{key: form})


@bp.post("/<municipality:municipality>/phone-help/people/<int:person_id>/offer")
@require_role(*HELPERS)
def phone_help_offer(municipality: Municipality, person_id: int):
    person = _person(municipality, person_id)
    form = OfferSignUpForm()
    return _submit(
        municipality,
        person,
        "offer_form",
        form,
        "offer",
        lambda: assisted.sign_up_for_offer(current_user, municipality, person, form.offer.data),
        _("%(name)s is signed up.", name=person.name),
    )


@bp.post("/<municipality:municipality>/phone-help/people/<int:person_id>/volunteer")
@require_role(Role.VOLUNTEER_COORDINATOR)
def phone_help_volunteer(municipality: Municipality, person_id: int):
    person = _person(municipality, person_id)
    form = VolunteerForm()
    return _submit(
        municipality,
        person,
        "volunteer_form",
        form,
        "roles",
        lambda: assisted.register_volunteer(
            current_user, municipality, person, form.roles.data, int(form.birth_year.data)
        ),
        _("%(name)s is registered as a volunteer.", name=person.name),
    )


@bp.post("/<municipality:municipality>/phone-help/people/<int:person_id>/respite")
@require_role(Role.ALLOCATION_OFFICER)
def phone_help_respite(municipality: Municipality, person_id: int):
    person = _person(municipality, person_id)
    form = RespiteForm()
    forms = _forms(municipality, person, respite_form=form)
    if forms["respite_form"] is None:
        abort(404)  # no decision to book inside
    if form.validate_on_submit():
        try:
            assisted.book_respite(
                current_user,
                municipality,
                person,
                form.decision.data,
                form.unit.data,
                form.arrival.data,
                form.departure.data,
            )
        except assisted.NotFound:
            form.unit.errors.append(_("Choose a place the decision covers."))
        except assisted.AssistError as error:
            form.arrival.errors.append(str(error))
        else:
            return _done(municipality, person, _("The stay is booked for %(name)s.", name=person.name))
    return _page(municipality, person, 400, respite_form=form)

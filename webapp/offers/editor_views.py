"""Editors: their municipality's offers, in both standards, with preview and sign-up lists."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from webapp.accounts.access import require_role
from webapp.accounts.models import Role
from webapp.confirm import asks_first
from webapp.formatting import day_short
from webapp.forms import parse_day
from webapp.municipalities.models import Municipality
from webapp.offers import bp, changes, editing, services, signups, suspicious
from webapp.offers.attendance_views import organisers
from webapp.offers.forms import OfferForm, options
from webapp.offers.models import Offer
from webapp.offers.views import _detail_context

MISSING_LABELS = {
    "title_nb": _l("Title in bokmål"),
    "title_nn": _l("Title in nynorsk"),
    "description_nb": _l("Description in bokmål"),
    "description_nn": _l("Description in nynorsk"),
}


def _owned_or_404(municipality: Municipality, offer_id: int) -> Offer:
    offer = editing.get_owned(municipality, offer_id)
    if offer is None:
        abort(404)
    return offer


def _offer_form(municipality: Municipality, offer: Offer | None) -> OfferForm:
    form = OfferForm(obj=offer)
    if offer is not None and not form.is_submitted():
        form.level.data = offer.staircase_level_id
        form.location.data = offer.location_id
        form.organization.data = offer.organization_id
        if offer.schedule is not None:
            schedule = offer.schedule
            form.weekdays.data = schedule.weekdays.split(",")
            form.interval.data = next(
                (p.split("=")[1] for p in schedule.rrule.split(";") if p.startswith("INTERVAL=")), "1"
            )
            form.opens_at.data, form.closes_at.data = schedule.opens_at, schedule.closes_at
            form.dtstart.data, form.until.data = schedule.dtstart, schedule.until
            # Shown as people write dates (24.12.2026); parse_day reads these and ISO alike.
            form.exdates.data = "\n".join(day_short(day) for day in schedule.exception_dates)
            form.skip_public_holidays.data = schedule.skip_public_holidays
    form.level.choices = options(
        [("", _("None"))]
        + [(str(level.id), f"{level.rank}. {level.text('title')}") for level in services.staircase(municipality)]
    )
    form.location.choices = options(
        [("", _("None"))] + [(str(loc.id), loc.name) for loc in editing.locations(municipality)]
    )
    form.organization.choices = options(
        [("", _("None"))] + [(str(org.id), org.name) for org in editing.organizations(municipality)]
    )
    return form


def _data(form: OfferForm) -> editing.OfferData:
    values = {name: getattr(form, name).data for name in editing.TEXT_FIELDS + editing.PLAIN_FIELDS}
    values["contact_name"] = (values["contact_name"] or "").strip()
    values["contact_phone"] = values["contact_phone"] or ""
    values["contact_email"] = values["contact_email"] or ""
    return editing.OfferData(
        values=values,
        level_id=form.level.data,
        location_id=form.location.data,
        organization_id=form.organization.data,
        weekdays=form.weekdays.data,
        interval=int(form.interval.data),
        opens_at=form.opens_at.data,
        closes_at=form.closes_at.data,
        dtstart=form.dtstart.data,
        until=form.until.data,
        exdates=[parse_day(d) for d in (form.exdates.data or "").split()],
        skip_public_holidays=form.skip_public_holidays.data,
        new_location=_new_place(form) if (form.new_place_name.data or "").strip() else None,
    )


NEW_PLACE_TEXTS = {
    "address": "new_place_address",
    "place": "new_place_area",
    "postal_code": "new_place_postal_code",
    "city": "new_place_city",
    "accessibility_nb": "new_place_accessibility_nb",
    "accessibility_nn": "new_place_accessibility_nn",
    "transport_nb": "new_place_transport_nb",
    "transport_nn": "new_place_transport_nn",
}


def _new_place(form: OfferForm) -> dict:
    values = {column: (getattr(form, name).data or "").strip() for column, name in NEW_PLACE_TEXTS.items()}
    return {
        "name": form.new_place_name.data.strip(),
        "step_free": form.new_place_step_free.data,
        "hearing_loop": form.new_place_hearing_loop.data,
        **values,
    }


@bp.get("/<municipality:municipality>/offers/manage")
@require_role(Role.EDITOR)
def manage(municipality: Municipality):
    offers = editing.owned_offers(municipality)
    missing = {o.id: [str(MISSING_LABELS[name]) for name in o.missing_texts()] for o in offers}
    return render_template("offers/manage.html", municipality=municipality, offers=offers, missing=missing)


@bp.route("/<municipality:municipality>/offers/manage/new", methods=["GET", "POST"])
@bp.route("/<municipality:municipality>/offers/manage/<int:offer_id>", methods=["GET", "POST"])
@require_role(Role.EDITOR)
def edit(municipality: Municipality, offer_id: int | None = None):
    offer = _owned_or_404(municipality, offer_id) if offer_id is not None else None
    form = _offer_form(municipality, offer)
    if form.validate_on_submit():
        try:
            offer = editing.save_offer(municipality, offer, _data(form))
        except editing.EditError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("The offer is saved."), "success")
            return redirect(url_for("offers.preview", municipality=municipality, offer_id=offer.id))
    missing = [str(MISSING_LABELS[name]) for name in offer.missing_texts()] if offer else []
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "offers/edit.html", municipality=municipality, form=form, offer=offer, missing=missing
    ), status


@bp.get("/<municipality:municipality>/offers/manage/<int:offer_id>/preview")
@require_role(Role.EDITOR)
def preview(municipality: Municipality, offer_id: int):
    offer = _owned_or_404(municipality, offer_id)
    missing = [str(MISSING_LABELS[name]) for name in offer.missing_texts()]
    return render_template("offers/detail.html", missing=missing, **_detail_context(municipality, offer, preview=True))


@bp.post("/<municipality:municipality>/offers/manage/<int:offer_id>/publish")
@require_role(Role.EDITOR)
def publish(municipality: Municipality, offer_id: int):
    offer = _owned_or_404(municipality, offer_id)
    try:
        editing.publish(offer)
    except editing.EditError as exc:
        flash(str(exc), "error")
        return redirect(url_for("offers.preview", municipality=municipality, offer_id=offer.id))
    flash(_("The offer is published."), "success")
    return redirect(url_for("offers.manage", municipality=municipality))


@bp.post("/<municipality:municipality>/offers/manage/<int:offer_id>/unpublish")
@require_role(Role.EDITOR)
def unpublish(municipality: Municipality, offer_id: int):
    editing.unpublish(_owned_or_404(municipality, offer_id))
    flash(_("The offer is no longer published."), "success")
    return redirect(url_for("offers.manage", municipality=municipality))


@bp.get("/<municipality:municipality>/offers/manage/<int:offer_id>/signups")
@organisers
def signup_list(municipality: Municipality, offer_id: int):
    offer = _owned_or_404(municipality, offer_id)
    groups = signups.signups_by_session(offer)
    return render_template(
        "offers/signups.html",
        municipality=municipality,
        offer=offer,
        groups=groups,
        marks=suspicious.marks([row for g in groups for row in g.confirmed + g.waiting]),
        coming=changes.coming_sessions(offer),
        is_editor=current_user.has_role(Role.EDITOR, municipality),
    )


@bp.post("/<municipality:municipality>/offers/manage/<int:offer_id>/signups/<int:signup_id>/remove")
@organisers
@asks_first(_l("The person loses the place and must sign up again to get it back."))
def remove_signup(municipality: Municipality, offer_id: int, signup_id: int):
    offer = _owned_or_404(municipality, offer_id)
    try:
        removed = signups.remove(offer, signup_id)
    except signups.SignUpError as exc:
        flash(str(exc), "error")
    else:
        flash(
            _("%(name)s is removed from the list. If someone was waiting, they have the place now.", name=removed.name),
            "success",
        )
    return redirect(url_for("offers.signup_list", municipality=municipality, offer_id=offer.id))


@bp.post("/<municipality:municipality>/offers/manage/<int:offer_id>/cancel-session")
@require_role(Role.EDITOR)
@asks_first(_l("Everyone signed up loses this session. This cannot be undone."))
def cancel_session(municipality: Municipality, offer_id: int):
    offer = _owned_or_404(municipality, offer_id)
    try:
        told = changes.cancel_session(offer, request.form.get("starts_at", ""), request.form.get("reason", ""))
    except changes.ChangeError as exc:
        flash(str(exc), "error")
    else:
        flash(
            ngettext(
                "The session is cancelled. %(num)s person has been told.",
                "The session is cancelled. %(num)s people have been told.",
                told,
            ),
            "success",
        )
    return redirect(url_for("offers.signup_list", municipality=municipality, offer_id=offer.id))

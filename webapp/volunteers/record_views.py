"""The record of service, as a page to print and as a PDF: the volunteer's own, and the one a
coordinator opens for a volunteer of their centre (another centre's volunteer is a 404). Both are
in the volunteer's standard, whoever asks."""

from __future__ import annotations

from flask import Response, abort, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.municipalities.models import Municipality
from webapp.volunteers import bp, record, record_pdf, services
from webapp.volunteers.coordinator_views import COORD, coordinator
from webapp.volunteers.models import Volunteer

OWN = "/<municipality:municipality>/volunteer/me/record"
OF_VOLUNTEER = COORD + "/volunteers/<int:volunteer_id>/record"


def _page(municipality: Municipality, volunteer: Volunteer, pdf_url: str, back_url: str, own: bool):
    data = record.record_of(volunteer)
    with force_locale(data.locale):
        back = _("Back to your volunteer page") if own else _("Back to %(name)s", name=data.name)
        return render_template(
            "volunteers/record.html",
            municipality=municipality,
            record=data,
            intro=record_pdf.intro_lines(data),
            roles=record_pdf.role_table(data),
            years=record_pdf.year_table(data),
            contact=record_pdf.contact_lines(data),
            issued=record_pdf.issued_line(data),
            pdf_url=pdf_url,
            back_url=back_url,
            back_label=back,
        )


def _pdf(volunteer: Volunteer) -> Response:
    data = record.record_of(volunteer)
    with force_locale(data.locale):
        body = record_pdf.record_pdf(data)
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename=attest-{data.issued:%Y-%m-%d}.pdf"},
    )


def _own(municipality: Municipality) -> Volunteer:
    volunteer = services.volunteer_of(current_user, municipality)
    if volunteer is None:
        abort(404)
    return volunteer


def _of(municipality: Municipality, volunteer_id: int) -> Volunteer:
    volunteer = services.get_for_coordinator(municipality, volunteer_id)
    if volunteer is None:
        abort(404)
    return volunteer


@bp.get(OWN)
@login_required
def my_record(municipality: Municipality):
    return _page(
        municipality,
        _own(municipality),
        url_for("volunteers.my_record_pdf", municipality=municipality),
        url_for("volunteers.me", municipality=municipality),
        own=True,
    )


@bp.get(OWN + ".pdf")
@login_required
def my_record_pdf(municipality: Municipality):
    return _pdf(_own(municipality))


@bp.get(OF_VOLUNTEER)
@coordinator
def coordinator_record(municipality: Municipality, volunteer_id: int):
    volunteer = _of(municipality, volunteer_id)
    return _page(
        municipality,
        volunteer,
        url_for("volunteers.coordinator_record_pdf", municipality=municipality, volunteer_id=volunteer.id),
        url_for("volunteers.coordinator_volunteer", municipality=municipality, volunteer_id=volunteer.id),
        own=False,
    )


@bp.get(OF_VOLUNTEER + ".pdf")
@coordinator
def coordinator_record_pdf(municipality: Municipality, volunteer_id: int):
    return _pdf(_of(municipality, volunteer_id))

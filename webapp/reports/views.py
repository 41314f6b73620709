"""Report pages, their charts (SVG) and their numbers (CSV). Each report checks its own roles
in the municipality of the URL; a wrong period is explained and the default period shown."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user

from webapp.accounts.access import require_role
from webapp.charts import svg_response
from webapp.database import utcnow
from webapp.months import month_of, months_back
from webapp.municipalities.models import Municipality
from webapp.reports import bp
from webapp.reports.catalogue import BY_SLUG, REPORTS, ROLES
from webapp.reports.forms import PeriodForm, read_period, show_month
from webapp.reports.services import Kind, chart_svg, csv_text, may_see, period_title

BASE = "/<municipality:municipality>/reports"
SLUG = "<any(" + ", ".join(f"'{slug}'" for slug in BY_SLUG) + "):slug>"
reader = require_role(*ROLES)


def _kind(slug: str, municipality: Municipality) -> Kind:
    kind = BY_SLUG[slug]
    if not may_see(kind, current_user, municipality):
        abort(403)
    return kind


def _period(kind: Kind) -> tuple[PeriodForm, tuple, bool]:
    this_month = month_of(utcnow())
    start = this_month.replace(month=1) if kind.year_to_date else months_back(this_month, kind.default_months - 1)
    default = (start, this_month)
    form = PeriodForm(request.args)
    chosen = read_period(form, default, kind.max_months)
    return form, chosen or default, chosen is not None


@bp.get(BASE)
@reader
def index(municipality: Municipality):
    kinds = [kind for kind in REPORTS if may_see(kind, current_user, municipality)]
    return render_template("reports/index.html", municipality=municipality, kinds=kinds)


@bp.get(BASE + "/" + SLUG)
@reader
def report(municipality: Municipality, slug: str):
    kind = _kind(slug, municipality)
    form, (first, last), ok = _period(kind)
    data = kind.build(municipality, current_user, first, last)
    args = {"start": show_month(first), "end": show_month(last)}
    return render_template(
        "reports/report.html",
        municipality=municipality,
        kind=kind,
        form=form,
        report=data,
        args=args,
        period=period_title(first, last),
    ), 200 if ok else 400


def _exact(municipality: Municipality, slug: str):
    """The report for the period asked for; an image or a file never falls back to the default."""
    kind = _kind(slug, municipality)
    _form, (first, last), ok = _period(kind)
    if not ok:
        abort(400)
    return kind.build(municipality, current_user, first, last), first, last


@bp.get(BASE + "/" + SLUG + ".svg")
@reader
def chart(municipality: Municipality, slug: str):
    svg = chart_svg(_exact(municipality, slug)[0], request.args.get("chart", 0, type=int))
    if svg is None:
        abort(404)
    return svg_response(svg)


@bp.get(BASE + "/" + SLUG + ".csv")
@reader
def csv(municipality: Municipality, slug: str):
    data, first, last = _exact(municipality, slug)
    filename = f"{slug}-{municipality.slug}-{first:%Y-%m}-{last:%Y-%m}.csv"
    return Response(
        csv_text(data.csv_headers, data.csv_rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )

"""The offers embed: the page for the municipality's website, its colours, the editor's snippet
and the administrator's list of websites allowed to show it."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp.accounts.access import require_role
from webapp.accounts.models import Role
from webapp.municipalities.models import Municipality
from webapp.navigation import external_url
from webapp.offers import bp, embed, services
from webapp.offers.forms import EmbedForm, EmbedSettingsForm, options


def _embed_form(municipality: Municipality) -> EmbedForm:
    form = EmbedForm(formdata=request.args)
    form.place.choices = options([("", _("All places"))] + [(p, p) for p in services.places(municipality)])
    return form


def _standard(municipality: Municipality) -> str:
    return municipality.default_locale if municipality.default_locale in ("nb", "nn") else "nb"


@bp.get("/<municipality:municipality>/embed/offers")
def embed_offers(municipality: Municipality):
    """This week's offers, in the municipality's standard, for an <iframe> on its own website."""
    with force_locale(_standard(municipality)):
        form = _embed_form(municipality)
        valid = form.validate()
        entries = embed.this_week(municipality, form.category.data or "", form.place.data or "") if valid else []
        html = render_template(
            "offers/embed.html",
            municipality=municipality,
            form=form,
            entries=entries,
            lang=_standard(municipality),
        )
    response = Response(html, 200 if valid else 400, mimetype="text/html")
    # This page alone may be framed, and only by the websites the municipality lists.
    response.headers["Content-Security-Policy"] = "; ".join(
        [
            "default-src 'none'",
            "style-src 'self'",
            "img-src 'self' data:",
            "base-uri 'none'",
            "form-action 'self'",
            embed.frame_ancestors(municipality),
        ]
    )
    return response  # X-Frame-Options DENY only if no website may frame it (webapp.security)


@bp.get("/<municipality:municipality>/embed/colours.css")
def embed_colours(municipality: Municipality):
    colour = embed.colour(municipality)
    css = f":root {{ --embed-colour: {colour}; }}\n"
    return Response(css, mimetype="text/css", headers={"Cache-Control": "public, max-age=300"})


@bp.get("/<municipality:municipality>/offers/manage/embed")
@require_role(Role.EDITOR)
def embed_snippet(municipality: Municipality):
    """The editor picks what to show and copies one <iframe> for the municipality's website."""
    form = _embed_form(municipality)
    valid = form.validate()
    values = {k: v for k, v in (("category", form.category.data), ("place", form.place.data)) if v} if valid else {}
    src = external_url("offers.embed_offers", municipality=municipality, **values)
    title = _("Offers this week in %(municipality)s", municipality=municipality.name)
    snippet = f'<iframe src="{src}" title="{title}" width="100%" height="600" style="border:0" loading="lazy"></iframe>'
    return render_template(
        "offers/embed_snippet.html",
        municipality=municipality,
        form=form,
        snippet=snippet,
        src=src,
        origins=embed.origins(municipality),
    ), (200 if valid else 400)


@bp.route("/<municipality:municipality>/offers/manage/embed/settings", methods=["GET", "POST"])
@require_role(Role.ADMINISTRATOR)
def embed_settings(municipality: Municipality):
    """The administrator lists the websites that may show the embed, and its colour."""
    form = EmbedSettingsForm()
    if not form.is_submitted():
        form.origins.data = municipality.embed_origins
        form.colour.data = municipality.embed_colour
    if form.validate_on_submit():
        origins = [embed.origin_of(line) or "" for line in (form.origins.data or "").split() if line]
        embed.save_settings(municipality, list(dict.fromkeys(origins)), (form.colour.data or "").strip())
        flash(_("The settings for showing offers on other websites are saved."), "success")
        return redirect(url_for("offers.embed_settings", municipality=municipality))
    status = 400 if form.errors else 200
    return render_template("offers/embed_settings.html", municipality=municipality, form=form), status

"""Public pages: browse and search, an offer, calendar files, poster, sign-up, the guide, open data."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

from flask import Response, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from markupsafe import Markup, escape

from webapp import conditional, page_cache
from webapp.database import utcnow
from webapp.extensions import limiter
from webapp.htmx import is_htmx
from webapp.municipalities.models import Municipality
from webapp.navigation import external_url
from webapp.offers import bp, ical, openactive, services, signups, suspicious
from webapp.offers import guide as guide_service
from webapp.offers.forms import FilterForm, GuideForm, SignUpForm, options
from webapp.offers.models import Offer, Status
from webapp.page_cache import RenderedCache

FEED_DAYS = 56
FILTER_NAMES = (
    "q",
    "category",
    "place",
    "weekday",
    "time_of_day",
    "target_group",
    "walking_aid",
    "level",
    "free",
    "no_referral",
    "step_free",
)


def _locale() -> str:
    return str(get_locale() or "nb")


def _filter_form(municipality: Municipality) -> FilterForm:
    form = FilterForm(formdata=request.args)
    form.place.choices = options([("", _("All places"))] + [(p, p) for p in services.places(municipality)])
    form.level.choices = options(
        [("", _("All steps"))]
        + [(str(level.rank), f"{level.rank}. {level.text('title')}") for level in services.staircase(municipality)]
    )
    return form


def _filters(form: FilterForm) -> services.Filters:
    return services.Filters(
        q=form.q.data or "",
        category=form.category.data or "",
        place=form.place.data or "",
        weekday=form.weekday.data or "",
        time_of_day=form.time_of_day.data or "",
        target_group=form.target_group.data or "",
        walking_aid=form.walking_aid.data or "",
        level=form.level.data,
        free=form.free.data,
        no_referral=form.no_referral.data,
        step_free=form.step_free.data,
        page=form.page.data or 1,
    )


# Per process, until the catalogue changes: the results fragment (htmx), the list page's own part,
# and the whole page as anyone not logged in sees it. None holds anything personal; a logged-in
# person gets the layout (menu, their links) rendered around the cached part.
_fragments = RenderedCache(256)
_catalogues = RenderedCache(128)
_pages = RenderedCache(128)


@bp.get("/<municipality:municipality>/offers")
def index(municipality: Municipality):
    partial = is_htmx()
    home = _home_id(municipality)
    key = (municipality.id, municipality.slug, _locale(), request.query_string, home)
    version = services.catalogue_version()
    shared = not partial and page_cache.shared_layout()
    html = _pages.get(key, version) if shared else None
    status = 200
    if html is None:
        html, status = _list_part(municipality, key, version, partial, home)
        if not partial:
            context = {"municipality": municipality, "catalogue": Markup(html)}
            if shared:
                html = page_cache.render_shared("offers/index.html", **context)
                if status == 200:
                    _pages.put(key, version, html)
            else:
                html = render_template("offers/index.html", **context)
    if shared:
        html = page_cache.fill(html)
    response = make_response(_fill_places(html), status)
    response.headers.add("Vary", "HX-Request")
    return response


def _home_id(municipality: Municipality) -> int:
    """Whose offers come first in the list: the logged-in person's municipality, else the page's."""
    if current_user.is_authenticated and current_user.home_municipality_id:
        return current_user.home_municipality_id
    return municipality.id


# The cached lists hold a mark where an offer's places go (<!--places:id:capacity-->): places change
# with every sign-up, the catalogue does not, so they are filled in for each request.
FEW_PLACES = 3
_PLACES_MARK = re.compile(r"<!--places:(\d+):(\d+)-->")


def _fill_places(html: str) -> str:
    limited = {int(m[0]): int(m[1]) for m in _PLACES_MARK.findall(html)}
    if not limited:
        return html
    free = signups.free_places_of(limited)
    return _PLACES_MARK.sub(lambda m: _places_tag(free.get(int(m[1]))), html)


def _places_tag(free: int | None) -> str:
    """«Fullt – venteliste» when none is left, «Få plassar att» when few are; nothing otherwise."""
    if free is None or free > FEW_PLACES:
        return ""
    text = _("Full – waiting list") if free <= 0 else _("Few places left")
    return f'<span class="ds-tag offer-card__places" data-color="warning">{escape(text)}</span>'


def _list_part(municipality: Municipality, key: tuple, version: tuple, partial: bool, home: int) -> tuple[str, int]:
    """The results fragment, or the page's own part (heading, filters, results); 400 if a filter is bad."""
    cache = _fragments if partial else _catalogues
    html = cache.get(key, version)
    if html is not None:
        return html, 200
    form = _filter_form(municipality)
    valid = form.validate()
    results = services.find_offers(municipality, _filters(form) if valid else services.Filters(), home)
    state = {k: v for k, v in request.args.items() if k in FILTER_NAMES and v}
    html = render_template(
        "offers/_results.html" if partial else "offers/_catalogue.html",
        municipality=municipality,
        form=form,
        results=results,
        state=state,
        oob=partial,  # the fragment also brings the number of hits shown beside "Filtrer"
    )
    if not valid:
        return html, 400
    cache.put(key, version, html)
    return html, 200


def _visible_or_404(municipality: Municipality, offer_id: int) -> Offer:
    offer = services.get_visible_offer(municipality, offer_id)
    if offer is None:
        abort(404)
    return offer


def _signup_form(offer: Offer, sessions) -> SignUpForm:
    form = SignUpForm()
    form.session.choices = options(
        [("", _("The whole series"))] + [(s.starts_at.isoformat(), _format_when(s.local_start)) for s in sessions]
    )
    if current_user.is_authenticated and not form.is_submitted():
        form.name.data, form.phone.data, form.email.data = current_user.name, current_user.phone, current_user.email
    return form


def _format_when(value: datetime) -> str:
    return format_datetime(value, "EEEE d. MMMM 'kl.' HH.mm")


def _detail_context(municipality: Municipality, offer: Offer, preview: bool = False) -> dict:
    sessions = services.next_sessions(offer, limit=8)
    mine = signups.signup_of_user(offer.id, current_user.id) if current_user.is_authenticated else None
    free = signups.free_places(offer, None) if offer.takes_sign_ups else None
    return {
        "my_signup": mine,
        "my_cancel": signups.cancel_link(mine) if mine else None,
        "municipality": municipality,
        "offer": offer,
        "sessions": sessions,
        "preview": preview,
        "form": _signup_form(offer, sessions) if offer.takes_sign_ups else None,
        "free_places": free,
        "json_ld": _json_ld(offer, sessions, free),
        "allocation_office": services.allocation_office(offer),
    }


@bp.get("/<municipality:municipality>/offers/<int:offer_id>")
def detail(municipality: Municipality, offer_id: int):
    offer = _visible_or_404(municipality, offer_id)
    return render_template("offers/detail.html", **_detail_context(municipality, offer))


def _limit(name: str):
    return lambda: current_app.config[name]


def _client_and_offer() -> str:
    return f"{get_remote_address()}:offer:{(request.view_args or {}).get('offer_id')}"


def _offer_key() -> str:
    return f"offer:{(request.view_args or {}).get('offer_id')}"


def _has_account() -> bool:
    return current_user.is_authenticated


def _signed_up(response: Response) -> bool:
    return response.status_code == 303


# Every sign-up attempt from one client counts; anonymous sign-ups that went through count per offer,
# from one client and from everyone, so nobody can fill an offer or use it to send messages to others.
@bp.post("/<municipality:municipality>/offers/<int:offer_id>")
@limiter.limit(_limit("OFFER_SIGNUP_LIMIT"))
@limiter.limit(
    _limit("OFFER_SIGNUP_LIMIT_PER_OFFER"), key_func=_client_and_offer, exempt_when=_has_account, deduct_when=_signed_up
)
@limiter.limit(
    _limit("OFFER_SIGNUP_LIMIT_OFFER_TOTAL"), key_func=_offer_key, exempt_when=_has_account, deduct_when=_signed_up
)
def sign_up(municipality: Municipality, offer_id: int):
    offer = _visible_or_404(municipality, offer_id)
    context = _detail_context(municipality, offer)
    form = context["form"]
    if form is None:
        abort(400)
    if not form.validate():
        return render_template("offers/detail.html", **context), 400
    starts_at = None
    if form.session.data:
        starts_at = datetime.fromisoformat(form.session.data)
    person = signups.Person(
        name=form.name.data.strip(),
        phone=form.phone.data.strip(),
        email=(form.email.data or "").strip(),
        user_id=current_user.id if current_user.is_authenticated else None,
        locale=_locale(),
        client_hash=suspicious.client_hash(get_remote_address()),
    )
    try:
        signup = signups.sign_up(
            offer.id,
            person,
            starts_at,
            needs_escort=form.needs_escort.data or form.needs_transport.data,
            needs_transport=form.needs_transport.data,
            escort_note=form.escort_note.data or "",
        )
    except signups.AlreadySignedUp as exc:
        # Kindly, not as an error: a link to the place they have, when it is theirs to see.
        mine = current_user.is_authenticated and exc.existing.user_id == current_user.id
        context["already"] = exc.existing
        context["already_link"] = _receipt_url(municipality, exc.existing) if mine else None
        return render_template("offers/detail.html", **context), 409
    except signups.SignUpError as exc:
        form.form_errors.append(str(exc))
        return render_template("offers/detail.html", **context), 409
    return redirect(_receipt_url(municipality, signup), 303)


def _receipt_url(municipality: Municipality, signup) -> str:
    return url_for(
        "offers.signed_up",
        municipality=municipality,
        offer_id=signup.offer_id,
        token=signups.receipt_token(signup),
    )


@bp.get("/<municipality:municipality>/offers/<int:offer_id>/signed-up/<token>")
def signed_up(municipality: Municipality, offer_id: int, token: str):
    """The receipt after signing up: where, the first time, who organises it, and the next steps."""
    offer = _visible_or_404(municipality, offer_id)
    signup = signups.signup_for_receipt(token)
    if signup is None or signup.offer_id != offer.id:
        abort(404)
    if signup.session is not None:
        first = signup.session.starts_at
    else:
        upcoming = services.next_sessions(offer, limit=1)
        first = upcoming[0].starts_at if upcoming else None
    organisation = offer.organization
    return render_template(
        "offers/signed_up.html",
        municipality=municipality,
        offer=offer,
        signup=signup,
        first=first,
        organiser=(organisation.name if organisation else "") or offer.contact_name or municipality.name,
        organiser_phone=(organisation.phone if organisation else "") or offer.contact_phone,
        cancel_link=signups.cancel_link(signup),
    )


@bp.route("/offers/cancel/<token>", methods=["GET", "POST"])
def cancel(token: str):
    try:
        signup = signups.signup_for_token(token)
        if request.method == "POST":
            signup = signups.cancel_with_token(token)
            return render_template("offers/cancel.html", signup=signup, done=True)
    except signups.SignUpError as exc:
        return render_template("offers/cancel.html", signup=None, error=str(exc)), 400
    return render_template("offers/cancel.html", signup=signup, done=False)


@bp.get("/<municipality:municipality>/offers/<int:offer_id>.ics")
def offer_ics(municipality: Municipality, offer_id: int):
    offer = _visible_or_404(municipality, offer_id)
    sessions = services.next_sessions(offer, limit=26)
    if request.args.get("session"):  # one session only, for those who signed up for just that one
        try:
            wanted = datetime.fromisoformat(request.args["session"][:40])
        except ValueError:
            abort(400)
        sessions = [s for s in sessions if s.starts_at == wanted]
        if not sessions:
            abort(404)
    body = ical.calendar(
        [(offer, sessions)],
        offer.text("title"),
        _locale(),
        lambda o: external_url("offers.detail", municipality=municipality, offer_id=o.id),
    )
    return conditional.answer(
        Response(
            body,
            mimetype="text/calendar",
            headers={"Content-Disposition": f'attachment; filename="tilbod-{offer.id}.ics"'},
        )
    )


@bp.get("/<municipality:municipality>/offers/calendar.ics")
def feed(municipality: Municipality):
    now = utcnow()
    offers = services.visible_offers(municipality)
    entries = [(o, services.next_sessions(o, limit=60, after=now)) for o in offers]
    entries = [(o, [s for s in sessions if s.starts_at < now + timedelta(days=FEED_DAYS)]) for o, sessions in entries]
    body = ical.calendar(
        entries,
        municipality.name,
        _locale(),
        lambda o: external_url("offers.detail", municipality=municipality, offer_id=o.id),
    )
    return conditional.answer(Response(body, mimetype="text/calendar"))


@bp.get("/<municipality:municipality>/offers/<int:offer_id>/poster")
def poster(municipality: Municipality, offer_id: int):
    offer = _visible_or_404(municipality, offer_id)
    return render_template(
        "offers/poster.html", municipality=municipality, offer=offer, sessions=services.next_sessions(offer, limit=4)
    )


@bp.get("/<municipality:municipality>/offers/<int:offer_id>/qr.svg")
def qr(municipality: Municipality, offer_id: int):
    offer = _visible_or_404(municipality, offer_id)
    link = external_url("offers.detail", municipality=municipality, offer_id=offer.id)
    import qrcode.image.svg  # here, not at the top: only posters need it

    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


def availability(offer: Offer, free: int | None) -> str:
    """schema.org availability from the places left: none left is sold out, a quarter or fewer
    (at most three) is limited, otherwise (or with no limit, or no sign-up) in stock."""
    if free is None or offer.capacity is None:
        return "https://schema.org/InStock"
    if free <= 0:
        return "https://schema.org/SoldOut"
    if free <= max(3, offer.capacity // 4):
        return "https://schema.org/LimitedAvailability"
    return "https://schema.org/InStock"


def _json_ld(offer: Offer, sessions, free: int | None) -> dict:
    page = external_url("offers.detail", municipality=offer.municipality, offer_id=offer.id)
    municipality = offer.municipality
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": offer.text("title"),
        "description": offer.text("description"),
        "url": page,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/"
        + ("EventPostponed" if offer.status == Status.PAUSED else "EventScheduled"),
        "inLanguage": _locale(),
        "isAccessibleForFree": offer.is_free,
        "offers": {
            "@type": "Offer",
            "price": offer.price_nok,
            "priceCurrency": "NOK",
            "url": page,
            "availability": availability(offer, free),
        },
    }
    if sessions:
        data["startDate"] = sessions[0].local_start.isoformat()
        data["endDate"] = sessions[0].local_end.isoformat()
    if offer.schedule is not None:
        data["eventSchedule"] = {
            "@type": "Schedule",
            "byDay": offer.schedule.weekdays.split(","),
            "startTime": offer.schedule.opens_at.strftime("%H:%M"),
            "endTime": offer.schedule.closes_at.strftime("%H:%M"),
            "scheduleTimezone": "Europe/Oslo",
            "repeatFrequency": "P1W",
        }
    if offer.location is not None:
        data["location"] = {
            "@type": "Place",
            "name": offer.location.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": offer.location.address,
                "postalCode": offer.location.postal_code,
                "addressLocality": offer.location.city,
                "addressRegion": openactive.address_region(municipality),
                "addressCountry": "NO",
            },
        }
    home = external_url("offers.index", municipality=municipality)
    if offer.organization is not None:
        data["organizer"] = {
            "@type": "Organization",
            "name": offer.organization.name,
            "url": offer.organization.website or home,
        }
    else:
        data["organizer"] = {"@type": "Organization", "name": municipality.name, "url": home}
    return data


@bp.get("/<municipality:municipality>/guide")
def guide(municipality: Municipality):
    form = GuideForm(formdata=request.args)
    form.place.choices = options([("", _("Somewhere else"))] + [(p, p) for p in services.places(municipality)])
    questions = ("travel", "walking_aid", "interest", "coping", "place")
    answered = any(request.args.get(name) for name in questions)
    result = None
    if answered and form.validate():
        answers = {name: getattr(form, name).data or "" for name in questions}
        result = guide_service.suggest(municipality, answers)
    status = 400 if answered and form.errors else 200
    return render_template(
        "offers/guide.html",
        municipality=municipality,
        form=form,
        result=result,
        levels=services.staircase(municipality),
    ), status

"""Help by phone: a volunteer coordinator or the allocation office acts for a person who phones in,
often someone without e-mail. Staff may register the person (name, phone, municipality), sign them
up for an offer, register them as a volunteer, or book a respite stay inside a decision the person
is a relative on. Each action is recorded with who acted and that it was by phone
(`AssistedAction`), and the person sees the list on Mine sider if they log in later.

A person registered this way has no e-mail address: the account holds an address under the
reserved `.invalid` domain (unique, never delivered; see notifications.recipient_of) and no
password, so messages go by SMS and nobody can log in with it until the person gets a way in.

Staff act only for residents of a municipality where they hold the role (the person's home
municipality); the domains' own services check every rule of the action itself."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from webapp.accounts.models import AssistedAction, AssistedChannel, AssistedKind, Role, User
from webapp.accounts.services import grant_role
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.notifications.sms import normalise_number
from webapp.transactions import atomic

HELPERS = (Role.VOLUNTEER_COORDINATOR, Role.ALLOCATION_OFFICER)
NO_EMAIL_DOMAIN = "phone.invalid"


class AssistError(Exception):
    """The action cannot be done; the message is translated."""


class NotFound(AssistError):
    pass


def may_help(staff: User, municipality: Municipality) -> bool:
    return any(staff.has_role(role, municipality) for role in HELPERS)


def _require(staff: User, municipality: Municipality, *roles: Role) -> None:
    if not any(staff.has_role(role, municipality) for role in roles or HELPERS):
        raise NotFound(str(_l("Not found.")))


def has_email(user: User) -> bool:
    return user.email.rpartition(".")[2].rpartition("@")[2] != "invalid"


def _record(
    staff: User, person: User, municipality: Municipality, kind: AssistedKind, subject_id: int | None, summary: str = ""
) -> AssistedAction:
    action = AssistedAction(
        person_id=person.id,
        staff_id=staff.id,
        municipality_id=municipality.id,
        kind=kind.value,
        channel=AssistedChannel.PHONE.value,
        subject_id=subject_id,
        summary=summary[:200],
    )
    db.session.add(action)
    return action


@atomic()
def create_person(staff: User, municipality: Municipality, name: str, phone: str) -> User:
    """A resident of the municipality without e-mail, known by name and mobile number."""
    _require(staff, municipality)
    number = normalise_number(phone)
    if not name.strip() or number is None:
        raise AssistError(str(_l("Write the person's name and a mobile number.")))
    person = User(
        email=f"telefon-{secrets.token_hex(12)}@{NO_EMAIL_DOMAIN}",
        password_hash="!",  # no password: nobody logs in with it
        name=name.strip(),
        phone=number,
        locale=municipality.default_locale,
        home_municipality_id=municipality.id,
    )
    db.session.add(person)
    grant_role(person, Role.CITIZEN, municipality.id)
    _record(staff, person, municipality, AssistedKind.REGISTERED, person.id)
    return person


def person_for(staff: User, municipality: Municipality, person_id: int) -> User:
    """A resident of the municipality that this member of staff may act for; NotFound otherwise."""
    _require(staff, municipality)
    person = db.session.get(User, person_id)
    if person is None or not person.is_active or person.home_municipality_id != municipality.id:
        raise NotFound(str(_l("Not found.")))
    return person


def assisted_people(staff: User, municipality: Municipality) -> list[User]:
    """The residents staff have helped by phone here, newest first."""
    _require(staff, municipality)
    ids = select(AssistedAction.person_id).where(AssistedAction.municipality_id == municipality.id)
    return list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(ids), User.erased_at.is_(None), User.home_municipality_id == municipality.id)
            .order_by(User.id.desc())
        )
    )


@atomic()
def sign_up_for_offer(staff: User, municipality: Municipality, person: User, offer_id: int) -> Any:
    """A place on the offer, or on its waiting list; the confirmation goes by SMS without e-mail."""
    from webapp.offers import services as offers
    from webapp.offers import signups

    _require(staff, municipality)
    offer = offers.get_visible_offer(municipality, offer_id)
    if offer is None:
        raise NotFound(str(_l("Not found.")))
    try:
        signup = signups.sign_up(
            offer.id,
            signups.Person(
                name=person.name,
                phone=person.phone,
                email=person.email if has_email(person) else "",
                user_id=person.id,
                locale=person.locale or municipality.default_locale,
            ),
        )
    except signups.SignUpError as error:
        raise AssistError(str(error)) from error
    _record(staff, person, municipality, AssistedKind.OFFER_SIGNUP, signup.id, offer.text("title", person.locale))
    return signup


@atomic()
def register_volunteer(staff: User, municipality: Municipality, person: User, roles: list[str], birth_year: int) -> Any:
    """Sign the person up at the volunteer centre, with the consent they gave on the phone."""
    from webapp.volunteers import services as volunteering
    from webapp.volunteers.errors import VolunteerError
    from webapp.volunteers.models import Wants

    _require(staff, municipality, Role.VOLUNTEER_COORDINATOR)
    data = volunteering.SignUp(
        roles=roles,
        skills="",
        languages=[],
        place_id=None,
        max_travel_km=10,
        has_car=False,
        has_licence=False,
        wants=Wants.BOTH.value,
        birth_year=birth_year,
        consent=True,
    )
    # Recorded first: the volunteers' service commits the sign-up itself, and the record with it.
    action = _record(staff, person, municipality, AssistedKind.VOLUNTEER, None)
    try:
        volunteer = volunteering.sign_up(person, municipality, data)
    except VolunteerError as error:
        raise AssistError(str(error)) from error
    action.subject_id = volunteer.id
    return volunteer


def decisions_of(staff: User, municipality: Municipality, person: User) -> list[Any]:
    """The decisions the person may book inside, for the allocation office; the read is logged as
    any staff read of respite data."""
    from webapp.respite import services as respite
    from webapp.respite.privacy import log_reads

    if not staff.has_role(Role.ALLOCATION_OFFICER, municipality):
        return []
    found = respite.decisions_of(person, municipality.id)
    if found:
        log_reads(staff, "decision", "processing_decision", {decision.care_receiver_id for decision in found})
    return found


def find_residents(staff: User, municipality: Municipality, search: str) -> list[User]:
    """Residents of the municipality by part of the name or by the phone number, at most 20."""
    _require(staff, municipality)
    text = search.strip()
    if len(text) < 2:
        return []
    number = normalise_number(text)
    condition = or_(func.lower(User.name).contains(text.lower(), autoescape=True), User.phone == (number or text))
    if number:
        condition = or_(condition, User.phone == number.removeprefix("+47"))
    return list(
        db.session.scalars(
            select(User)
            .where(User.home_municipality_id == municipality.id, User.erased_at.is_(None), condition)
            .order_by(func.lower(User.name), User.id)
            .limit(20)
        )
    )


@atomic()
def book_respite(
    staff: User,
    municipality: Municipality,
    person: User,
    decision_id: int,
    unit_id: int,
    arrival: date,
    departure: date,
) -> Any:
    """A stay inside a decision the person is a relative on, by every rule the person's own booking
    meets; the relatives hear of it as of any booking."""
    from webapp.respite import services as respite

    _require(staff, municipality, Role.ALLOCATION_OFFICER)
    try:
        respite.decision_for_relative(person, decision_id, municipality.id)
        booking = respite.book(person, decision_id, unit_id, arrival, departure)
    except respite.NotFound as error:
        raise NotFound(str(_l("Not found."))) from error
    except respite.RespiteError as error:
        raise AssistError(str(error)) from error
    _record(
        staff,
        person,
        municipality,
        AssistedKind.RESPITE_BOOKING,
        booking.id,
        f"{arrival.isoformat()}–{departure.isoformat()}",
    )
    return booking


def actions_for(person: User) -> list[AssistedAction]:
    """What staff did for the person, newest first, for Mine sider."""
    return list(
        db.session.scalars(
            select(AssistedAction)
            .where(AssistedAction.person_id == person.id)
            .order_by(AssistedAction.created_at.desc(), AssistedAction.id.desc())
        )
    )

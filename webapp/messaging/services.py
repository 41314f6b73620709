"""Who is in a group, how each is reached, and sending one text to all of them.

A group is one of `GroupKind` with a key (the offer, the meeting, the role or the area), always
inside one municipality: an offer, a meeting or an area of another municipality is no group. Each
person gets the message on the channels they chose (e-mail, SMS or both; SMS only with a mobile
number) and in their own standard. The writer writes both standards; if one is left empty, the
preview says so and the people who read the other standard get the written text, marked with the
standard it is written in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from webapp import clock
from webapp.accounts.models import User
from webapp.extensions import db
from webapp.formatting import when
from webapp.locking import lock_rows
from webapp.messaging.models import OFFER_KINDS, Channel, GroupKind, GroupMessage, GroupMessageRecipient
from webapp.municipalities.models import Municipality, UnitKind
from webapp.municipalities.services import unit_sender
from webapp.notifications.models import ContactPreference
from webapp.notifications.services import Sender, municipality_sender, queue_email, queue_sms, recipient_of
from webapp.notifications.sms import normalise_number
from webapp.offers.models import Offer, OfferSession, SignUp, SignUpStatus
from webapp.offers.signups import organiser_of
from webapp.transactions import atomic
from webapp.volunteers.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    Place,
    Task,
    TaskKind,
    TaskStatus,
    Volunteer,
    VolunteerRole,
    VolunteerStatus,
)

TEMPLATE = "group_message"
STANDARDS = ("nb", "nn")


class MessagingError(Exception):
    pass


class GroupNotFound(MessagingError):
    pass


@dataclass(frozen=True)
class Group:
    municipality_id: int
    kind: GroupKind
    key: str = ""

    @property
    def value(self) -> str:
        """As the form's option sends it: "offer:12", "role:escort", "week"."""
        return f"{self.kind.value}:{self.key}" if self.key else self.kind.value


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    phone: str  # normalised, or "" when there is no mobile number
    locale: str
    user_id: int | None
    channel: Channel


@dataclass(frozen=True)
class Preview:
    email: int
    sms: int
    unreachable: int
    people: int


def allowed_kinds(coordinator: bool) -> tuple[GroupKind, ...]:
    return tuple(GroupKind) if coordinator else OFFER_KINDS


def parse_group(municipality: Municipality, value: str, kinds: Iterable[GroupKind]) -> Group:
    """The group an option names, checked against the municipality and the kinds the writer may use."""
    kind_value, _sep, key = (value or "").partition(":")
    try:
        kind = GroupKind(kind_value)
    except ValueError:
        raise GroupNotFound(_("Choose a group from the list.")) from None
    if kind not in tuple(kinds):
        raise GroupNotFound(_("Choose a group from the list."))
    group = Group(municipality.id, kind, key)
    if _group_label(group) is None:
        raise GroupNotFound(_("Choose a group from the list."))
    return group


def _int(key: str) -> int | None:
    return int(key) if key.isascii() and key.isdigit() and len(key) < 10 else None


def _offer(group: Group) -> Offer | None:
    offer_id = _int(group.key)
    offer = db.session.get(Offer, offer_id) if offer_id else None
    return offer if offer is not None and offer.municipality_id == group.municipality_id else None


def _session(group: Group) -> OfferSession | None:
    session_id = _int(group.key)
    found = db.session.get(OfferSession, session_id) if session_id else None
    if found is None:
        return None
    offer = db.session.get(Offer, found.offer_id)
    return found if offer is not None and offer.municipality_id == group.municipality_id else None


def _place(group: Group) -> Place | None:
    place_id = _int(group.key)
    place = db.session.get(Place, place_id) if place_id else None
    return place if place is not None and place.municipality_id == group.municipality_id else None


def _session_label(session: OfferSession, offer: Offer) -> str:
    return f"{offer.text('title')}, {when(clock.local(session.starts_at))}"


def _group_label(group: Group) -> str | None:
    """The group's name in the reader's standard, or None if there is no such group here."""
    if group.kind in (GroupKind.OFFER, GroupKind.WAITING):
        offer = _offer(group)
        return offer.text("title") if offer else None
    if group.kind == GroupKind.SESSION:
        session = _session(group)
        return _session_label(session, db.session.get(Offer, session.offer_id)) if session else None
    if group.kind == GroupKind.ROLE:
        role = db.session.scalar(select(VolunteerRole).where(VolunteerRole.code == group.key))
        return role.name if role else None
    if group.kind == GroupKind.AREA:
        place = _place(group)
        return place.name if place else None
    return _("This week") if not group.key else None


def group_title(group: Group) -> str:
    return f"{group.kind.title}: {_group_label(group) or ''}"


def shown_title(message: GroupMessage) -> str:
    """The group a message went to, in the reader's standard; as the sender saw it if it is gone."""
    group = Group(message.municipality_id, GroupKind(message.group_kind), message.group_key)
    label = _group_label(group)
    return f"{group.kind.title}: {label}" if label is not None else message.group_title


def group_options(municipality: Municipality, kinds: Iterable[GroupKind]) -> dict[str, list[tuple[str, str]]]:
    """The groups to choose from, by kind (a select's option groups)."""
    kinds = tuple(kinds)
    found: dict[str, list[tuple[str, str]]] = {}
    offers = list(db.session.scalars(select(Offer).where(Offer.municipality_id == municipality.id)))
    offers.sort(key=lambda o: o.text("title").lower())
    if GroupKind.OFFER in kinds:
        found[GroupKind.OFFER.title] = [(f"offer:{o.id}", o.text("title")) for o in offers]
    if GroupKind.SESSION in kinds:
        start, _end = clock.day_bounds(clock.today())
        rows = db.session.execute(
            select(OfferSession, Offer)
            .join(Offer, Offer.id == OfferSession.offer_id)
            .where(Offer.municipality_id == municipality.id, OfferSession.starts_at >= start)
            .order_by(OfferSession.starts_at, OfferSession.id)
            .limit(200)
        )
        found[GroupKind.SESSION.title] = [(f"session:{s.id}", _session_label(s, o)) for s, o in rows]
    if GroupKind.WAITING in kinds:
        found[GroupKind.WAITING.title] = [(f"waiting:{o.id}", o.text("title")) for o in offers]
    if GroupKind.ROLE in kinds:
        roles = db.session.scalars(select(VolunteerRole).order_by(VolunteerRole.sort, VolunteerRole.code))
        found[GroupKind.ROLE.title] = [(f"role:{r.code}", r.name) for r in roles]
    if GroupKind.AREA in kinds:
        places = db.session.scalars(
            select(Place).where(Place.municipality_id == municipality.id).order_by(Place.name, Place.id)
        )
        found[GroupKind.AREA.title] = [(f"area:{p.id}", p.name) for p in places]
    if GroupKind.WEEK in kinds:
        found[GroupKind.WEEK.title] = [("week", _("This week"))]
    return {title: options for title, options in found.items() if options}


def _channel(email: str, phone: str, preference: ContactPreference | None) -> Channel:
    chosen = preference or ContactPreference(**ContactPreference.DEFAULTS)
    by_email = bool(email) and chosen.email
    by_sms = bool(phone) and chosen.sms
    if by_email and by_sms:
        return Channel.BOTH
    if by_email:
        return Channel.EMAIL
    return Channel.SMS if by_sms else Channel.NONE


def _signups(group: Group) -> Select:
    query = (
        select(SignUp, ContactPreference)
        .join(Offer, Offer.id == SignUp.offer_id)
        .outerjoin(ContactPreference, ContactPreference.user_id == SignUp.user_id)
        .where(Offer.municipality_id == group.municipality_id)
        .order_by(SignUp.id)
    )
    if group.kind == GroupKind.OFFER:
        return query.where(SignUp.offer_id == _int(group.key), SignUp.status == SignUpStatus.CONFIRMED)
    if group.kind == GroupKind.WAITING:
        return query.where(SignUp.offer_id == _int(group.key), SignUp.status == SignUpStatus.WAITING)
    # One session: those signed up for it alone and those signed up for the whole series.
    session = _session(group)
    return query.where(
        SignUp.offer_id == (session.offer_id if session else None),
        or_(SignUp.session_id.is_(None), SignUp.session_id == (session.id if session else None)),
        SignUp.status == SignUpStatus.CONFIRMED,
    )


def _week() -> tuple[datetime, datetime]:
    """This Oslo week, Monday to Monday."""
    monday = clock.today() - timedelta(days=clock.today().weekday())
    return clock.day_bounds(monday)[0], clock.day_bounds(monday + timedelta(days=7))[0]


def _volunteers(group: Group) -> Select:
    query = (
        select(Volunteer, User, ContactPreference)
        .join(User, User.id == Volunteer.user_id)
        .outerjoin(ContactPreference, ContactPreference.user_id == Volunteer.user_id)
        .where(Volunteer.municipality_id == group.municipality_id, User.erased_at.is_(None))
        .order_by(Volunteer.id)
    )
    if group.kind == GroupKind.AREA:
        return query.where(Volunteer.place_id == _int(group.key), Volunteer.status == VolunteerStatus.APPROVED)
    if group.kind == GroupKind.ROLE:  # roles are a JSON list: narrowed below, alike on SQLite and PostgreSQL
        return query.where(Volunteer.status == VolunteerStatus.APPROVED)
    start, end = _week()
    has_task = (
        select(Assignment.id)
        .join(Task, Task.id == Assignment.task_id)
        .where(
            Assignment.volunteer_id == Volunteer.id,
            Assignment.state.in_([s.value for s in ACTIVE_ASSIGNMENT]),
            Task.status != TaskStatus.CANCELLED,
            Task.starts_at < end,
            or_(
                Task.starts_at >= start,
                (Task.kind == TaskKind.STANDING)
                & (or_(Task.repeat_until.is_(None), Task.repeat_until >= start.date())),
            ),
        )
        .exists()
    )
    return query.where(has_task, Volunteer.status != VolunteerStatus.LEFT)


def recipients(group: Group) -> list[Recipient]:
    """Everyone in the group, once each, with how they are reached."""
    found: dict[object, Recipient] = {}
    if group.kind in OFFER_KINDS:
        for signup, preference in db.session.execute(_signups(group)):
            phone = normalise_number(signup.phone) or ""
            email = "" if signup.email.rpartition(".")[2] == "invalid" else signup.email.strip()
            person = Recipient(
                name=signup.name,
                email=email,
                phone=phone,
                locale="nn" if signup.locale == "nn" else "nb",
                user_id=signup.user_id,
                channel=_channel(email, phone, preference),
            )
            # Signed up twice (the series and one session, or with and without logging in): once.
            key = ("email", email.lower()) if email else ("phone", phone) if phone else ("signup", signup.id)
            found.setdefault(key, person)
    else:
        default = db.session.get(Municipality, group.municipality_id).default_locale or "nb"
        for volunteer, user, preference in db.session.execute(_volunteers(group)):
            if group.kind == GroupKind.ROLE and group.key not in (volunteer.roles or []):
                continue
            address = recipient_of(user, default)
            phone = normalise_number(address.phone) or ""
            person = Recipient(
                name=user.name,
                email=address.email,
                phone=phone,
                locale="nn" if address.locale == "nn" else "nb",
                user_id=user.id,
                channel=_channel(address.email, phone, preference),
            )
            found.setdefault(user.id, person)
    return list(found.values())


def preview(group: Group) -> Preview:
    people = recipients(group)
    return Preview(
        email=sum(1 for p in people if p.channel in (Channel.EMAIL, Channel.BOTH)),
        sms=sum(1 for p in people if p.channel in (Channel.SMS, Channel.BOTH)),
        unreachable=sum(1 for p in people if p.channel == Channel.NONE),
        people=len(people),
    )


def sender_of_group(group: Group, municipality: Municipality) -> Sender:
    """Who a group message is from, as the other messages to the same people: the offer's organiser
    for an offer's groups (the municipality when the offer is gone), the frivilligsentral for
    volunteers."""
    if group.kind in OFFER_KINDS:
        if group.kind == GroupKind.SESSION:
            session = _session(group)
            offer = db.session.get(Offer, session.offer_id) if session else None
        else:
            offer = _offer(group)
        return organiser_of(offer) if offer is not None else municipality_sender(municipality)
    return unit_sender(municipality, UnitKind.VOLUNTEER_CENTRE)


MISSING_TEXT = _l("Write the message in bokmål or nynorsk.")


def text_for(locale: str, body_nb: str, body_nn: str) -> tuple[str, str]:
    """The text a reader of `locale` gets, and the standard it is written in when it is not theirs."""
    own, other = (body_nn, body_nb) if locale == "nn" else (body_nb, body_nn)
    if own.strip():
        return own, ""
    return other, ("nb" if locale == "nn" else "nn")


@atomic()
def send(
    group: Group, subject: str, body_nb: str, body_nn: str, sender: User, municipality: Municipality | None = None
) -> GroupMessage:
    """Queue the message for everyone in the group who can be reached, and log who got it how."""
    municipality = municipality or db.session.get(Municipality, group.municipality_id)
    subject, body_nb, body_nn = subject.strip(), body_nb.strip(), body_nn.strip()
    if not subject:
        raise MessagingError(_("Write a subject for the message."))
    if not body_nb and not body_nn:
        raise MessagingError(str(MISSING_TEXT))
    # A second press of "Send" (a double click, a reload) sends nothing more: the writer's row is
    # locked, and the same text to the same group from them a moment ago is that message.
    lock_rows((User, [sender.id]))
    already = _just_sent(municipality, group, subject, body_nb, body_nn, sender)
    if already is not None:
        return already
    people = recipients(group)
    if not any(p.channel != Channel.NONE for p in people):
        raise MessagingError(_("Nobody in this group can be reached. Choose another group."))
    message = GroupMessage(
        municipality_id=municipality.id,
        sender_id=sender.id,
        group_kind=group.kind.value,
        group_key=group.key,
        group_title=group_title(group)[:300],
        subject=subject,
        body_nb=body_nb,
        body_nn=body_nn,
        sent_at=clock.utcnow(),
    )
    db.session.add(message)
    from_whom = sender_of_group(group, municipality)
    for person in people:
        body, written_in = text_for(person.locale, body_nb, body_nn)
        context = {
            "sender": from_whom,
            "name": person.name,
            "my_pages": person.user_id is not None,  # signed up without an account: no page to log in to
            "subject": subject,
            "body": body,
            "written_in": written_in,
            "sender_name": sender.name,
            "municipality_name": municipality.name,
        }
        if person.channel in (Channel.EMAIL, Channel.BOTH):
            queue_email(person.email, TEMPLATE, person.locale, **context)
        if person.channel in (Channel.SMS, Channel.BOTH):
            queue_sms(person.phone, TEMPLATE, person.locale, **context)
        message.recipients.append(
            GroupMessageRecipient(
                user_id=person.user_id, name=person.name[:120], locale=person.locale, channel=person.channel.value
            )
        )
    db.session.flush()
    return message


RESEND_GUARD = timedelta(minutes=10)


def _just_sent(
    municipality: Municipality, group: Group, subject: str, body_nb: str, body_nn: str, sender: User
) -> GroupMessage | None:
    return db.session.scalars(
        select(GroupMessage)
        .where(
            GroupMessage.municipality_id == municipality.id,
            GroupMessage.sender_id == sender.id,
            GroupMessage.group_kind == group.kind.value,
            GroupMessage.group_key == group.key,
            GroupMessage.subject == subject,
            GroupMessage.body_nb == body_nb,
            GroupMessage.body_nn == body_nn,
            GroupMessage.sent_at >= clock.utcnow() - RESEND_GUARD,
        )
        .order_by(GroupMessage.id.desc())
        .limit(1)
    ).first()


def sent_messages(municipality: Municipality, kinds: Iterable[GroupKind]) -> list[GroupMessage]:
    return list(
        db.session.scalars(
            select(GroupMessage)
            .where(
                GroupMessage.municipality_id == municipality.id,
                GroupMessage.group_kind.in_([k.value for k in kinds]),
            )
            .order_by(GroupMessage.sent_at.desc(), GroupMessage.id.desc())
        )
    )


def get_message(municipality: Municipality, message_id: int, kinds: Iterable[GroupKind]) -> GroupMessage | None:
    message = db.session.get(GroupMessage, message_id)
    if message is None or message.municipality_id != municipality.id:
        return None
    return message if message.group_kind in [k.value for k in kinds] else None

"""Sign-ups: capacity that holds under concurrency, a waiting list that promotes, cancel links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.accounts.models import User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.locking import lock_rows
from webapp.navigation import external_url
from webapp.notifications.services import Recipient, Sender, municipality_sender, notify
from webapp.offers import queries
from webapp.offers.models import EscortRequest, Offer, OfferSession, SignUp, SignUpStatus
from webapp.offers.recurrence import Occurrence, occurrences
from webapp.offers.signals import EscortRequest as EscortRequestSignal
from webapp.offers.signals import escort_requested, escort_withdrawn
from webapp.tokens import TokenError, consume_token, make_token, read_token
from webapp.transactions import atomic

CANCEL_PURPOSE = "offers-cancel"
CANCEL_MAX_AGE = 366 * 24 * 3600
RECEIPT_PURPOSE = "offers-receipt"


class SignUpError(Exception):
    """A sign-up or cancellation that cannot be done; the message is translated."""


class AlreadySignedUp(SignUpError):
    """The person already has a place (or a waiting-list place) for this; not a mistake to scold."""

    def __init__(self, existing: SignUp) -> None:
        super().__init__(_("You are already signed up."))
        self.existing = existing


@dataclass(frozen=True)
class Person:
    name: str
    phone: str
    email: str = ""
    user_id: int | None = None
    locale: str = "nb"
    client_hash: str = ""  # where the sign-up came from (suspicious.client_hash)


def _lock_offer(offer_id: int) -> Offer:
    """Lock the offer row for the rest of the transaction: its capacity is checked and used here."""
    if db.session.scalar(select(Offer.id).where(Offer.id == offer_id)) is None:
        raise SignUpError(_("The offer does not exist."))
    lock_rows((Offer, [offer_id]))
    offer = db.session.get(Offer, offer_id)
    db.session.refresh(offer)
    return offer


def _count(offer_id: int, session_id: int | None) -> int:
    query = queries.active_signups(offer_id, session_id, SignUpStatus.CONFIRMED.value)
    return db.session.scalar(query.with_only_columns(func.count(SignUp.id)).order_by(None)) or 0


def _busiest_session(offer_id: int) -> int:
    counts = (
        select(func.count(SignUp.id))
        .join(OfferSession, SignUp.session_id == OfferSession.id)
        .where(
            SignUp.offer_id == offer_id,
            SignUp.status == SignUpStatus.CONFIRMED.value,
            OfferSession.starts_at >= utcnow(),
        )
        .group_by(SignUp.session_id)
    )
    return max(db.session.scalars(counts), default=0)


def free_places(offer: Offer, session_id: int | None) -> int | None:
    """Places left for the series (session_id None) or one session; None when unlimited."""
    if offer.capacity is None:
        return None
    series = _count(offer.id, None)
    taken = series + (_busiest_session(offer.id) if session_id is None else _count(offer.id, session_id))
    return max(0, offer.capacity - taken)


def free_places_of(limited: dict[int, int]) -> dict[int, int]:
    """Places left for the whole series of each offer (id: capacity), in two queries (for lists)."""
    if not limited:
        return {}
    confirmed = (SignUp.offer_id.in_(limited), SignUp.status == SignUpStatus.CONFIRMED.value)
    series = dict(
        db.session.execute(
            select(SignUp.offer_id, func.count(SignUp.id))
            .where(*confirmed, SignUp.session_id.is_(None))
            .group_by(SignUp.offer_id)
        ).all()
    )
    busiest: dict[int, int] = {}
    per_session = (
        select(SignUp.offer_id, func.count(SignUp.id))
        .join(OfferSession, SignUp.session_id == OfferSession.id)
        .where(*confirmed, OfferSession.starts_at >= utcnow())
        .group_by(SignUp.offer_id, SignUp.session_id)
    )
    for offer_id, taken in db.session.execute(per_session):
        busiest[offer_id] = max(busiest.get(offer_id, 0), taken)
    return {
        offer_id: max(0, capacity - series.get(offer_id, 0) - busiest.get(offer_id, 0))
        for offer_id, capacity in limited.items()
    }


def _session_for(offer: Offer, starts_at: datetime) -> OfferSession:
    """The session row for a start time the schedule really has."""
    match = occurrences(offer.schedule, starts_at, 1) if offer.schedule else []
    if not match or match[0].starts_at != starts_at:
        raise SignUpError(_("That time is not one of the offer's sessions."))
    session = db.session.scalar(
        select(OfferSession).where(OfferSession.offer_id == offer.id, OfferSession.starts_at == starts_at)
    )
    if session is None:
        session = OfferSession(offer_id=offer.id, starts_at=starts_at, ends_at=match[0].ends_at)
        db.session.add(session)
        db.session.flush()
    return session


def _already(offer_id: int, session_id: int | None, person: Person) -> SignUp | None:
    query = select(SignUp).where(
        SignUp.offer_id == offer_id,
        SignUp.status.in_(queries.confirmed_or_waiting()),
        SignUp.session_id.is_(None) if session_id is None else SignUp.session_id == session_id,
    )
    if person.user_id is not None:
        query = query.where(SignUp.user_id == person.user_id)
    else:
        query = query.where(SignUp.user_id.is_(None), SignUp.phone == person.phone)
    return db.session.scalars(query.order_by(SignUp.id)).first()


@atomic()
def sign_up(
    offer_id: int,
    person: Person,
    session_start: datetime | None = None,
    needs_escort: bool = False,
    needs_transport: bool = False,
    escort_note: str = "",
) -> SignUp:
    """Take a place, or a place on the waiting list when the offer is full. One transaction."""
    offer = _lock_offer(offer_id)
    if not offer.published or not offer.takes_sign_ups:
        raise SignUpError(_("This offer does not take sign-ups."))
    if session_start is not None and session_start < utcnow():
        raise SignUpError(_("That session has already started."))
    session = _session_for(offer, session_start) if session_start is not None else None
    session_id = session.id if session else None
    existing = _already(offer.id, session_id, person)
    if existing is not None:
        raise AlreadySignedUp(existing)
    left = free_places(offer, session_id)
    status = SignUpStatus.CONFIRMED if left is None or left > 0 else SignUpStatus.WAITING
    signup = SignUp(
        offer_id=offer.id,
        session_id=session_id,
        user_id=person.user_id,
        name=person.name,
        phone=person.phone,
        email=person.email,
        locale=person.locale,
        status=status.value,
        needs_escort=needs_escort,
        client_hash=person.client_hash,
        created_at=utcnow(),
    )
    db.session.add(signup)
    _keep_phone(person)
    db.session.flush()
    if needs_escort:
        _request_escort(offer, signup, session, needs_transport, escort_note)
    _queue_mail(signup, "offers_signup")
    return signup


def _keep_phone(person: Person) -> None:
    """The phone number a logged-in person gives goes on their profile when it has none."""
    if person.user_id is None or not person.phone:
        return
    user = db.session.get(User, person.user_id)
    if user is not None and not user.phone:
        user.phone = person.phone


def _request_escort(
    offer: Offer, signup: SignUp, session: OfferSession | None, needs_transport: bool, note: str
) -> None:
    if session is not None:
        starts_at, ends_at = session.starts_at, session.ends_at
    else:
        upcoming = occurrences(offer.schedule, utcnow(), 1) if offer.schedule else []
        first = upcoming[0] if upcoming else Occurrence(utcnow(), utcnow())
        starts_at, ends_at = first.starts_at, first.ends_at
    request = EscortRequest(
        signup_id=signup.id,
        municipality_id=offer.municipality_id,
        starts_at=starts_at,
        needs_transport=needs_transport,
        note=note[:500],
    )
    db.session.add(request)
    db.session.flush()
    place = offer.location.address or offer.location.name if offer.location else ""
    escort_requested.send(
        offer,
        request=EscortRequestSignal(
            request_id=request.id,
            municipality_id=offer.municipality_id,
            offer_title=offer.text("title", signup.locale),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            person_name=signup.name,
            person_phone=signup.phone,
            note=request.note,
            needs_transport=needs_transport,
        ),
    )


def cancel_link(signup: SignUp) -> str:
    return external_url("offers.cancel", token=make_token(CANCEL_PURPOSE, {"s": signup.id}))


def receipt_token(signup: SignUp) -> str:
    """What the receipt page's address carries: it shows the cancel link, so it is as private."""
    return make_token(RECEIPT_PURPOSE, {"s": signup.id})


def signup_for_receipt(token: str) -> SignUp | None:
    """The sign-up a receipt address points to; None if the address is bad, old or cancelled."""
    try:
        data = read_token(RECEIPT_PURPOSE, token, CANCEL_MAX_AGE)
    except TokenError:
        return None
    signup = db.session.get(SignUp, data.get("s")) if isinstance(data, dict) else None
    if signup is None or signup.status == SignUpStatus.CANCELLED:
        return None
    return signup


def recipient_of_signup(signup: SignUp) -> Recipient:
    """Whom a sign-up's messages go to: by e-mail and, with a mobile number, by SMS."""
    return Recipient(email=signup.email, phone=signup.phone, locale=signup.locale, user_id=signup.user_id)


def organiser_of(offer: Offer) -> Sender:
    """Who a message about an offer is from: its contact person and organisation, with their phone
    and e-mail; lacking both, the municipality."""
    org = offer.organization
    name = ", ".join(part for part in (offer.contact_name, org.name if org else "") if part)
    phone = offer.contact_phone or (org.phone if org else "")
    email = offer.contact_email or (org.email if org else "")
    if not name:
        fallback = municipality_sender(offer.municipality)
        return Sender(name=fallback.name, phone=phone or fallback.phone, email=email or fallback.email)
    return Sender(name=name, phone=phone, email=email)


def _queue_mail(signup: SignUp, template: str) -> None:
    notify(
        recipient_of_signup(signup),
        template,
        sender=organiser_of(signup.offer),
        my_pages=signup.user_id is not None,
        signup=signup,
        title=signup.offer.text("title", signup.locale),
        link=cancel_link(signup),
        starts_at=signup.session.starts_at if signup.session else None,
    )


def signup_for_token(token: str) -> SignUp:
    """The sign-up a cancel link points to, without using the link."""
    try:
        data = read_token(CANCEL_PURPOSE, token, CANCEL_MAX_AGE)
    except TokenError as exc:
        raise SignUpError(_("The link is not valid any more.")) from exc
    signup = db.session.get(SignUp, data.get("s")) if isinstance(data, dict) else None
    if signup is None or signup.status == SignUpStatus.CANCELLED:
        raise SignUpError(_("The link is not valid any more."))
    return signup


@atomic()
def cancel_with_token(token: str) -> SignUp:
    try:
        signup = signup_for_token(token)
        consume_token(CANCEL_PURPOSE, token, CANCEL_MAX_AGE)
        return cancel(signup.id)
    except TokenError as exc:
        raise SignUpError(_("The link is not valid any more.")) from exc


@atomic()
def cancel(signup_id: int) -> SignUp:
    """Cancel a sign-up; a freed place goes to the first on the waiting list, who gets an e-mail."""
    signup = db.session.get(SignUp, signup_id)
    if signup is None:
        raise SignUpError(_("The sign-up does not exist."))
    if not cancel_in_transaction(signup):
        raise SignUpError(_("The sign-up is already cancelled."))
    return signup


def remove(offer: Offer, signup_id: int) -> SignUp:
    """An organiser removes a sign-up, such as one a stranger made in someone else's name. As with
    a cancellation the place goes to the first on the waiting list; the removed person is not told
    (a false sign-up must not send its address one more message)."""
    signup = db.session.get(SignUp, signup_id)
    if signup is None or signup.offer_id != offer.id:
        raise SignUpError(_("The sign-up does not exist."))
    return cancel(signup.id)


def cancel_in_transaction(signup: SignUp) -> bool:
    """Cancel in the caller's transaction. False if it was already cancelled."""
    offer = _lock_offer(signup.offer_id)
    db.session.refresh(signup)
    if signup.status == SignUpStatus.CANCELLED:
        return False
    was_confirmed = signup.status == SignUpStatus.CONFIRMED
    signup.status = SignUpStatus.CANCELLED.value
    signup.cancelled_at = utcnow()
    db.session.flush()
    withdraw_escorts(signup)
    if was_confirmed:
        _promote_all(offer, first=signup.session_id)
    return True


def withdraw_escorts(signup: SignUp, starts_at: datetime | None = None) -> None:
    """Tell listeners that the company asked for is no longer needed (all, or one time)."""
    if not signup.needs_escort:
        return
    query = select(EscortRequest.id).where(EscortRequest.signup_id == signup.id)
    if starts_at is not None:
        query = query.where(EscortRequest.starts_at == starts_at)
    for request_id in db.session.scalars(query):
        escort_withdrawn.send(signup.offer, request_id=request_id)


@atomic()
def promote_waiting(offer_id: int) -> None:
    """Give free places to those waiting, e.g. after an editor raised the capacity (joins the
    caller's transaction, as saving the offer does)."""
    _promote_all(_lock_offer(offer_id), first=None)


def _waiting_scopes(offer_id: int) -> list[int | None]:
    """The series (None) and the sessions still to come that have someone waiting, series first."""
    rows = (
        db.session.execute(
            select(SignUp.session_id)
            .outerjoin(OfferSession, SignUp.session_id == OfferSession.id)
            .where(
                SignUp.offer_id == offer_id,
                SignUp.status == SignUpStatus.WAITING.value,
                (SignUp.session_id.is_(None)) | (OfferSession.starts_at >= utcnow()),
            )
            .distinct()
        )
        .scalars()
        .all()
    )
    return sorted(set(rows), key=lambda s: (s is not None, s or 0))


def _promote_all(offer: Offer, first: int | None) -> None:
    """A place freed in one scope can free one in another: a series place frees a place in every
    session, and a session place can make room for the series. The freed scope goes first."""
    scopes = _waiting_scopes(offer.id)
    for scope in ([first] if first in scopes else []) + [s for s in scopes if s != first]:
        _promote(offer, scope)


def _promote(offer: Offer, session_id: int | None) -> None:
    waiting = queries.active_signups(offer.id, session_id, SignUpStatus.WAITING.value)
    for candidate in db.session.scalars(waiting.order_by(SignUp.created_at, SignUp.id)):
        left = free_places(offer, session_id)
        if left is not None and left <= 0:
            return
        candidate.status = SignUpStatus.CONFIRMED.value
        candidate.promoted_at = utcnow()
        db.session.flush()
        _queue_mail(candidate, "offers_promoted")


@dataclass
class SessionList:
    occurrence: Occurrence | None  # None: the whole series
    confirmed: list[SignUp]
    waiting: list[SignUp]


def signups_by_session(offer: Offer) -> list[SessionList]:
    """Sign-ups and waiting lists, the series first, then each session that has any."""
    rows = list(
        db.session.scalars(
            select(SignUp)
            .where(SignUp.offer_id == offer.id, SignUp.status.in_(queries.confirmed_or_waiting()))
            .order_by(SignUp.created_at, SignUp.id)
        )
    )
    groups: dict[int | None, SessionList] = {None: SessionList(None, [], [])}
    for row in rows:
        if row.session_id not in groups:
            groups[row.session_id] = SessionList(Occurrence(row.session.starts_at, row.session.ends_at), [], [])
        group = groups[row.session_id]
        (group.confirmed if row.status == SignUpStatus.CONFIRMED else group.waiting).append(row)
    return sorted(
        groups.values(), key=lambda g: (g.occurrence is not None, g.occurrence.starts_at if g.occurrence else 0)
    )


def signups_of_user(user_id: int) -> list[SignUp]:
    """A person's own places and waiting-list places, newest first; cancelled ones are left out."""
    return list(
        db.session.scalars(
            select(SignUp)
            .where(SignUp.user_id == user_id, SignUp.status != SignUpStatus.CANCELLED.value)
            .order_by(SignUp.created_at.desc(), SignUp.id.desc())
        )
    )


def signup_of_user(offer_id: int, user_id: int) -> SignUp | None:
    """The person's own place on an offer (or on its waiting list), if they have one."""
    return next((s for s in signups_of_user(user_id) if s.offer_id == offer_id), None)

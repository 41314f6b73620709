"""Queue messages in the caller's transaction; send what is due, retrying failures with backoff.

`notify` is what domains call: it picks e-mail and/or SMS from the person's preferences and writes
in their own standard. `queue_email` and `queue_sms` are the channels underneath. A message that
keeps failing is marked dead after a while; an administrator sees it and tries it again or drops it."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from flask import current_app, has_request_context, render_template, template_rendered
from flask_babel import force_locale, lazy_gettext
from jinja2 import Template, TemplateNotFound
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.database import utcnow
from webapp.extensions import db
from webapp.locking import skip_locked
from webapp.navigation import external_url
from webapp.notifications.models import ContactPreference, OutboxMessage, SentReminder
from webapp.notifications.sms import SmsError, gateway, normalise_number
from webapp.text import one_line
from webapp.transactions import atomic

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=1)
FIRST_BACKOFF = timedelta(seconds=30)
SUBJECT_MAX = 250  # the column's length
EXPECTED_FAILURES = (OSError, smtplib.SMTPException, SmsError)


def _email_parts(template: str) -> tuple[Template, Template]:
    """`emails/<template>.txt`: its first line makes the subject, the rest the body. They are
    rendered apart, so a line break inside a name cannot move text between the two."""
    cache = current_app.extensions.setdefault("email_parts", {})
    env = current_app.jinja_env
    if template not in cache or env.auto_reload:
        source, _, _ = env.loader.get_source(env, f"emails/{template}.txt")  # type: ignore[union-attr]
        first, _, rest = source.lstrip().partition("\n")
        parts = (env.from_string(first), env.from_string(rest))
        for part in parts:
            part.name = f"emails/{template}.txt"
        cache[template] = parts
    return cache[template]


@dataclass(frozen=True)
class Sender:
    """Who a message is from and how to reach them: the sign-off every e-mail ends with, and the
    short name after an SMS. `name` may be a lazy string, rendered in the recipient's standard."""

    name: Any
    phone: str = ""
    email: str = ""


def sender_of(place: Any) -> Sender:
    """A unit, an organisation or a respite unit: anything with a name, a phone and an e-mail."""
    return Sender(name=place.name, phone=getattr(place, "phone", "") or "", email=getattr(place, "email", "") or "")


def municipality_sender(municipality: Any) -> Sender:
    return Sender(
        name=lazy_gettext("%(name)s municipality", name=municipality.name),
        phone=municipality.contact_phone or "",
        email=municipality.contact_email or "",
    )


def sender_in(context: dict[str, Any]) -> Sender | None:
    """The caller's `sender`; else the municipality in the context (or the user's home
    municipality); else None, and the sign-off names the service itself."""
    sender = context.get("sender")
    if isinstance(sender, Sender):
        return sender
    municipality = context.get("municipality")
    if municipality is None or isinstance(municipality, str):
        municipality = getattr(context.get("user"), "home_municipality", None)
    return municipality_sender(municipality) if municipality is not None else None


def _with_sender(context: dict[str, Any]) -> dict[str, Any]:
    context = {"my_pages": True, **context}
    context["sender"] = sender_in(context)
    if context["my_pages"] is True:
        context["my_pages"] = external_url("accounts.my_pages")
    return context


def render_email(template: str, locale: str, **context: Any) -> tuple[str, str]:
    """Subject and body in the recipient's standard. The subject is made one clean line here:
    a control character from a name must never reach the Subject header. Every body ends with
    `emails/_signoff.txt`: who sent it and how to reach them (`sender`, a `Sender`, or derived
    from `municipality`), and where to log in (`my_pages=False` for people without an account)."""
    subject, body = _email_parts(template)
    context = _with_sender(context)
    current_app.update_template_context(context)
    signoff = current_app.jinja_env.get_template("emails/_signoff.txt")
    with force_locale(locale):
        text = body.render(context).strip() + "\n\n" + signoff.render(context).strip() + "\n"
        rendered = one_line(subject.render(context), SUBJECT_MAX), text
    # As render_template does, so whoever listens (tests, debugging tools) sees the e-mail rendered.
    template_rendered.send(current_app._get_current_object(), template=body, context=context)
    return rendered


def queue_email(recipient: str, template: str, locale: str, **context: Any) -> OutboxMessage:
    """Add a message to the outbox, in the caller's transaction: it is stored with the change that
    caused it, or not at all."""
    subject, body = render_email(template, locale, **context)
    message = OutboxMessage(channel="email", recipient=one_line(recipient), subject=subject, body=body)
    db.session.add(message)
    return message


def render_sms(template: str, locale: str, **context: Any) -> str:
    """`sms/<template>.txt` if the domain wrote a short text, else the e-mail's subject line;
    then the sender's name ("– Frivilligsentralen i Vang")."""
    sender = sender_in(context)
    with force_locale(locale):
        try:
            text = render_template(f"sms/{template}.txt", **context).strip()
        except TemplateNotFound:
            text = render_email(template, locale, **context)[0]
        return f"{text} – {sender.name}" if sender is not None else text


def queue_sms(phone: str, template: str, locale: str, **context: Any) -> OutboxMessage | None:
    number = normalise_number(phone)
    if number is None:
        return None
    message = OutboxMessage(channel="sms", recipient=number, subject="", body=render_sms(template, locale, **context))
    db.session.add(message)
    return message


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to. `user_id` is None for people without an account."""

    email: str = ""
    phone: str = ""
    locale: str = "nb"
    user_id: int | None = None


def recipient_of(user: Any, default_locale: str = "nb") -> Recipient:
    """A user with an account: their address, number and standard. An address under the reserved
    `.invalid` domain (an account made for someone without e-mail, or erased) is no address."""
    address = user.email or ""  # none yet: registered by the office from an identity number
    email = "" if address.rpartition(".")[2].rpartition("@")[2] == "invalid" else address
    return Recipient(email=email, phone=user.phone or "", locale=user.locale or default_locale, user_id=user.id)


def preferences(user_id: int | None) -> ContactPreference:
    found = db.session.get(ContactPreference, user_id) if user_id else None
    return found or ContactPreference(**ContactPreference.DEFAULTS)


@atomic()
def save_preferences(user_id: int, *, email: bool, sms: bool, reminders: bool) -> ContactPreference:
    found = db.session.get(ContactPreference, user_id)
    if found is None:
        found = ContactPreference(user_id=user_id)
        db.session.add(found)
    found.email, found.sms, found.reminders = email, sms, reminders
    return found


def notify(
    recipient: Recipient, template: str, *, required: bool = False, reminder: bool = False, **context: Any
) -> list[OutboxMessage]:
    """Queue a message on the channels the person chose. `required` messages (those the law or
    the service demands, like a decision or a cancellation) go out even if they opted out, by
    e-mail or, lacking an address, by SMS. In the caller's transaction."""
    prefs = preferences(recipient.user_id)
    if reminder and not prefs.reminders and not required:
        return []
    queued: list[OutboxMessage] = []
    if recipient.email and (prefs.email or required):
        queued.append(queue_email(recipient.email, template, recipient.locale, **context))
    if recipient.phone and (prefs.sms or (required and not queued)):
        sms = queue_sms(recipient.phone, template, recipient.locale, **context)
        if sms is not None:
            queued.append(sms)
    return queued


@dataclass(frozen=True)
class Reminder:
    key: str  # unique for what is reminded of and whom, e.g. "offer-session:12:signup:7"
    recipient: Recipient
    template: str
    context: dict[str, Any]


def register_reminder_source(app: Any, source: Any) -> None:
    """A domain adds a callable `source(now) -> Iterable[Reminder]` of reminders due now."""
    app.extensions.setdefault("reminder_sources", []).append(source)


def send_reminders(now: datetime | None = None) -> int:
    """Queue every due reminder once; a key already sent is never sent again."""
    if not has_request_context():  # from cron: links in the messages need the public address
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            return send_reminders(now)
    now = now or utcnow()
    count = 0
    for source in current_app.extensions.get("reminder_sources", []):
        for item in source(now):
            if db.session.get(SentReminder, item.key) is not None:
                continue
            try:
                with atomic():  # each reminder on its own: one taken elsewhere does not stop the rest
                    db.session.add(SentReminder(key=item.key, sent_at=now))
                    notify(item.recipient, item.template, reminder=True, **item.context)
            except IntegrityError:  # another sender took it at the same moment
                continue
            count += 1
    return count


def backoff(attempts: int) -> timedelta:
    return min(FIRST_BACKOFF * (2 ** min(max(attempts - 1, 0), 16)), MAX_BACKOFF)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0  # of the failed, those given up on in this run


def _deliver(message: OutboxMessage) -> None:
    if message.channel == "sms":
        gateway().send(message.recipient, message.body)
        return
    config = current_app.config
    if not config["MAIL_SERVER"]:
        log.info("E-mail to %s: %s\n%s", message.recipient, message.subject, message.body)
        return
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def _claim_next(now: datetime, after_id: int) -> OutboxMessage | None:
    """The next due message, locked until it is recorded, so a sender running at the same time
    skips it instead of sending it twice."""
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.dead_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.id > after_id,
        )
        .order_by(OutboxMessage.id)
        .limit(1)
    )
    return db.session.scalar(skip_locked(query))


def _gives_up(message: OutboxMessage, now: datetime) -> bool:
    config = current_app.config
    return message.attempts >= config["OUTBOX_MAX_ATTEMPTS"] or now - message.created_at >= timedelta(
        days=config["OUTBOX_DEAD_AFTER_DAYS"]
    )


def _record_failure(message: OutboxMessage, exc: Exception, now: datetime, result: SendResult) -> None:
    message.attempts += 1
    message.last_error = one_line(f"{type(exc).__name__}: {exc}", 500)
    message.next_attempt_at = now + backoff(message.attempts)
    result.failed += 1
    unexpected = not isinstance(exc, EXPECTED_FAILURES)
    if _gives_up(message, now):
        message.dead_at = now
        result.dead += 1
        log.error(
            "outbox message %s is dead after %s attempts: %s",
            message.id,
            message.attempts,
            message.last_error,
            exc_info=unexpected,
        )
    else:
        log.warning(
            "outbox message %s failed (attempt %s): %s",
            message.id,
            message.attempts,
            message.last_error,
            exc_info=unexpected,
        )


def send_due(now: datetime | None = None, limit: int = 100) -> SendResult:
    """Send due messages one at a time, each in its own transaction. Whatever goes wrong with one
    message is that message's failure, never the queue's: it is recorded and tried again later
    with growing backoff, and given up on (dead) after OUTBOX_MAX_ATTEMPTS tries or
    OUTBOX_DEAD_AFTER_DAYS days. The messages after it go out regardless."""
    now = now or utcnow()
    result = SendResult()
    last_id = 0
    for _ in range(limit):
        with atomic():  # one message, one transaction: the claim's lock lasts until it is recorded
            message = _claim_next(now, last_id)
            if message is None:
                break
            last_id = message.id
            try:
                _deliver(message)
            except Exception as exc:  # noqa: BLE001 (see the docstring)
                _record_failure(message, exc, now, result)
            else:
                message.attempts += 1
                message.sent_at = utcnow()
                result.sent += 1
    return result


def pending_count() -> int:
    """Messages still to be sent (not the dead ones)."""
    return (
        db.session.scalar(
            select(db.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.dead_at.is_(None))
        )
        or 0
    )

"""Reminders the day before a session, to everyone with a place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp import clock
from webapp.extensions import db
from webapp.notifications.services import Reminder
from webapp.offers.models import SignUp, SignUpStatus
from webapp.offers.services import next_sessions
from webapp.offers.signups import cancel_link, organiser_of, recipient_of_signup


def due(now: datetime) -> Iterator[Reminder]:
    start, end = clock.day_bounds(clock.today(now) + timedelta(days=1))
    signups = db.session.scalars(
        select(SignUp)
        .where(SignUp.status == SignUpStatus.CONFIRMED.value)
        .options(selectinload(SignUp.offer), selectinload(SignUp.session))
    )
    for signup in signups:
        if signup.session is not None:
            starts = [signup.session.starts_at] if start <= signup.session.starts_at < end else []
        else:
            starts = [o.starts_at for o in next_sessions(signup.offer, limit=1, after=start) if o.starts_at < end]
        for starts_at in starts:
            yield Reminder(
                key=f"offer-signup:{signup.id}:{starts_at.isoformat()}",
                recipient=recipient_of_signup(signup),
                template="offers_reminder",
                context={
                    "name": signup.name,
                    "title": signup.offer.text("title", signup.locale),
                    "starts_at": starts_at,
                    "link": cancel_link(signup),
                    "sender": organiser_of(signup.offer),
                    "my_pages": signup.user_id is not None,
                },
            )

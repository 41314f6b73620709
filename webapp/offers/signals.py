"""Signals the offers domain sends. Other domains listen; offers never imports them.

`escort_requested` is sent inside the sign-up transaction when a person ticks "I need someone to
come with me / transport". A listener adds its own rows to the same session; the sign-up commits
them together, so the request is never lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace

_signals = Namespace()
escort_requested = _signals.signal("escort-requested")
# Sent with `request_id=` in the transaction that cancels the sign-up or the session the request was for.
escort_withdrawn = _signals.signal("escort-withdrawn")
# Sent with `request_id=` when the person erases the account: whatever was made from the request
# must no longer name them or keep what they wrote.
escort_forgotten = _signals.signal("escort-forgotten")


@dataclass(frozen=True)
class EscortRequest:
    request_id: int  # id of the offers domain's own record of the request
    municipality_id: int
    offer_title: str
    starts_at: datetime  # aware, UTC
    ends_at: datetime | None
    place: str  # address of the offer's location
    person_name: str  # the one who needs company: need-to-know only
    person_phone: str
    note: str  # what the person wrote about the need (transport, walking aid …)
    needs_transport: bool

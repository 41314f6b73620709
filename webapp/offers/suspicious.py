"""Sign-ups that look made by someone else: organisers see them marked on the sign-up list.

Anyone may sign up without an account, so a stranger can fill an offer with made-up names, or use
it to send our messages to any address. The marks are hints for a person to judge, never a block."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import Counter, defaultdict

from flask import current_app
from flask_babel import gettext as _

from webapp.offers.models import SignUp
from webapp.text import looks_like_link

MANY_FROM_ONE_CLIENT = 3  # a couple signing up together from home is two


def client_hash(address: str | None) -> str:
    """The network address a sign-up came from, keyed with the secret so it cannot be read back."""
    if not address:
        return ""
    digest = hmac.new(current_app.secret_key.encode(), address.encode(), hashlib.sha256)  # type: ignore[union-attr]
    return digest.hexdigest()[:16]


def _phone(value: str) -> str:
    return re.sub(r"\D", "", value or "")[-8:]


def _repeated(rows: list[SignUp], key) -> set[int]:
    """Sign-ups sharing a phone or an address with another of a different name, or for the same time."""
    groups: dict[str, list[SignUp]] = defaultdict(list)
    for row in rows:
        if key(row):
            groups[key(row)].append(row)
    flagged: set[int] = set()
    for group in groups.values():
        names = {row.name.strip().casefold() for row in group}
        scopes = Counter(row.session_id for row in group)
        if len(names) > 1 or any(n > 1 for n in scopes.values()):
            flagged.update(row.id for row in group)
    return flagged


def marks(rows: list[SignUp]) -> dict[int, list[str]]:
    """Why each sign-up of one offer looks suspicious, by sign-up id (those without are left out)."""
    clients = Counter(row.client_hash for row in rows if row.client_hash and row.user_id is None)
    same_phone = _repeated(rows, lambda row: _phone(row.phone))
    same_email = _repeated(rows, lambda row: (row.email or "").strip().casefold())
    found: dict[int, list[str]] = {}
    for row in rows:
        reasons = []
        if row.user_id is None and clients[row.client_hash] >= MANY_FROM_ONE_CLIENT:
            reasons.append(
                _(
                    "%(num)s sign-ups without an account came from the same network address.",
                    num=clients[row.client_hash],
                )
            )
        if looks_like_link(row.name):
            reasons.append(_("The name contains a web address."))
        if row.id in same_phone:
            reasons.append(_("The same phone number is in another sign-up."))
        if row.id in same_email:
            reasons.append(_("The same e-mail address is in another sign-up."))
        if reasons:
            found[row.id] = reasons
    return found

"""Signals the accounts domain sends. Other domains listen; accounts never imports them.

`role_revoked` is sent with `user_id=`, `role=` and `municipality_id=` (None: everywhere) in the
transaction that takes a role away, so a domain can end the access that hangs on it (the units a
member of unit staff works at) in the same commit."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()
role_revoked = _signals.signal("role-revoked")

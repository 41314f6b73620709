"""Which ways of logging in a municipality allows: e-mail and password may be switched off for
relatives (who then log in with ID-porten) and for staff (who then log in with the municipality's
own provider, see staff_login). Volunteers and citizens keep e-mail and password.

A switch only bites where the other way in exists: with no ID-porten (IDPORTEN_ISSUER) or no staff
provider for the municipality, e-mail and password stay, so nobody is locked out (and development,
with no provider, keeps it). The administrator's page refuses to switch off what has no other way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from webapp.accounts import staff_login
from webapp.accounts.models import STAFF_ROLES, Role, User
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.transactions import atomic

STAFF = "staff"
RELATIVES = "relatives"


@dataclass(frozen=True)
class Refusal:
    who: str  # STAFF or RELATIVES: which other way in the page points to
    municipality: Municipality


def has_idporten(config: Mapping[str, Any]) -> bool:
    return bool(config.get("IDPORTEN_ISSUER"))


def has_staff_provider(config: Mapping[str, Any], municipality: Municipality) -> bool:
    return municipality.slug in staff_login.configured(config)


def password_refusal(user: User, config: Mapping[str, Any]) -> Refusal | None:
    """Why this person may not log in with e-mail and password, or None. Staff are asked first: a
    staff member who is also a relative goes the staff way."""
    by_municipality: dict[int, set[str]] = {}
    for grant in user.grants:
        if grant.municipality_id is None:
            continue  # a role everywhere is no municipality's to switch
        if grant.role in STAFF_ROLES:
            by_municipality.setdefault(grant.municipality_id, set()).add(STAFF)
        elif grant.role == Role.RELATIVE:
            by_municipality.setdefault(grant.municipality_id, set()).add(RELATIVES)
    found: Refusal | None = None
    for municipality_id, kinds in sorted(by_municipality.items()):
        municipality = db.session.get(Municipality, municipality_id)
        if municipality is None:
            continue
        if STAFF in kinds and not municipality.password_login_staff and has_staff_provider(config, municipality):
            return Refusal(STAFF, municipality)
        if found is None and RELATIVES in kinds and not municipality.password_login_relatives and has_idporten(config):
            found = Refusal(RELATIVES, municipality)
    return found


def refusal_message(refusal: Refusal) -> str:
    if refusal.who == STAFF:
        return str(
            _l(
                "%(municipality)s asks staff to log in with their work account, not with e-mail and password.",
                municipality=refusal.municipality.name,
            )
        )
    return str(
        _l(
            "%(municipality)s asks relatives to log in with ID-porten, not with e-mail and password.",
            municipality=refusal.municipality.name,
        )
    )


# Where ID-porten's login starts, when the app has it.
IDPORTEN_ENDPOINTS = ("accounts.idporten_login", "accounts.idporten_start")


def elsewhere(refusal: Refusal) -> tuple[str, str] | None:
    """The link to the way in the municipality asks for: (address, words)."""
    if refusal.who == STAFF:
        return url_for("accounts.staff_login_page", next=request.args.get("next") or None), str(_l("Log in for staff"))
    for endpoint in IDPORTEN_ENDPOINTS:
        if endpoint in current_app.view_functions:
            return url_for(endpoint, next=request.args.get("next") or None), str(_l("Log in with ID-porten"))
    return None


class CannotSwitchOff(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def save(municipality: Municipality, config: Mapping[str, Any], *, relatives: bool, staff: bool) -> None:
    """Switch e-mail and password login for relatives and staff in the municipality; raises
    CannotSwitchOff for a group that would have no other way in."""
    if not relatives and not has_idporten(config):
        raise CannotSwitchOff(
            "relatives", str(_l("Relatives can only stop using e-mail and password when ID-porten is set up."))
        )
    if not staff and not has_staff_provider(config, municipality):
        raise CannotSwitchOff(
            "staff",
            str(_l("Staff can only stop using e-mail and password when the municipality's own login is set up.")),
        )
    with atomic():
        municipality.password_login_relatives = relatives
        municipality.password_login_staff = staff

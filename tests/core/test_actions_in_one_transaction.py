"""User actions that call more than one service are one transaction: when a later step fails,
nothing of the earlier steps is left behind (seen from another connection, as another request
would see it)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import make_municipality, make_user
from tests.offers.conftest import make_offer
from tests.respite.conftest import make_respite_unit, make_staff
from webapp import personal_data
from webapp.accounts.models import Role, RoleGrant, User
from webapp.accounts.roles import revoke_by_email
from webapp.accounts.services import erase_account
from webapp.accounts.signals import role_revoked
from webapp.extensions import db
from webapp.offers import signups
from webapp.offers.models import SignUp, SignUpStatus
from webapp.offers.signals import escort_withdrawn
from webapp.respite.models import StaffUnit
from webapp.respite.staff import remove_staff
from webapp.tokens import UsedToken, make_token


def seen(query) -> object:
    with db.engine.connect() as connection:  # what another request would see
        return connection.scalar(query)


def grants_of(user_id: int) -> int:
    return seen(select(func.count()).select_from(RoleGrant).where(RoleGrant.user_id == user_id))


def broken(*_args, **_kwargs) -> None:
    raise RuntimeError("the second step failed")


def test_removing_staff_keeps_the_unit_when_taking_the_role_fails(ctx):
    municipality = make_municipality()
    unit = make_respite_unit(municipality)
    user = make_staff(municipality, unit)
    user_id = user.id
    role_revoked.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            remove_staff(municipality.id, unit.id, user_id)
    finally:
        role_revoked.disconnect(broken)
    assert seen(select(func.count()).select_from(StaffUnit).where(StaffUnit.user_id == user_id)) == 1
    assert grants_of(user_id) == 1
    remove_staff(municipality.id, unit.id, user_id)  # and it works once nothing fails
    assert seen(select(func.count()).select_from(StaffUnit).where(StaffUnit.user_id == user_id)) == 0
    assert grants_of(user_id) == 0


def test_revoking_every_role_of_an_account_takes_none_when_one_fails(ctx):
    municipality = make_municipality()
    user = make_user(roles=(Role.EDITOR, Role.VOLUNTEER_COORDINATOR), municipality=municipality)
    user_id, calls = user.id, []

    def second_fails(sender, **_kwargs) -> None:
        calls.append(sender)
        if len(calls) == 2:
            raise RuntimeError("the second step failed")

    before = grants_of(user_id)
    role_revoked.connect(second_fails)
    try:
        with pytest.raises(RuntimeError):
            revoke_by_email(user.email)
    finally:
        role_revoked.disconnect(second_fails)
    assert len(calls) == 2 and grants_of(user_id) == before


def test_erasure_changes_nothing_when_a_later_part_fails(app, ctx, monkeypatch):
    user = make_user(roles=(Role.CITIZEN,), name="Gunhild Gjeldande")
    user_id = user.id
    failing = personal_data.Part("failing", erase=broken)
    monkeypatch.setitem(app.extensions, "personal_data", [*personal_data.parts(), failing])
    with pytest.raises(RuntimeError):
        erase_account(user)
    assert seen(select(User.name).where(User.id == user_id)) == "Gunhild Gjeldande"
    assert seen(select(User.erased_at).where(User.id == user_id)) is None
    assert grants_of(user_id) == 1


def test_a_cancel_link_stays_usable_when_the_cancellation_fails(ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=3)
    person = signups.Person(name="Per Avbod", phone="90001234", email="", locale="nn")
    signup = signups.sign_up(offer.id, person, needs_escort=True)
    signup_id, token = signup.id, make_token(signups.CANCEL_PURPOSE, {"s": signup.id})
    escort_withdrawn.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            signups.cancel_with_token(token)
    finally:
        escort_withdrawn.disconnect(broken)
    assert seen(select(SignUp.status).where(SignUp.id == signup_id)) == SignUpStatus.CONFIRMED
    assert seen(select(func.count()).select_from(UsedToken)) == 0
    assert signups.cancel_with_token(token).status == SignUpStatus.CANCELLED

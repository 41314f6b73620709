"""Fixtures for messages to a group: a few people in and around each kind of group."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import make_user
from tests.offers.conftest import make_offer
from tests.volunteers.conftest import make_place, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications.services import save_preferences
from webapp.offers.models import OfferSession, SignUp, SignUpStatus
from webapp.volunteers.services import ensure_roles


def make_signup(offer, name: str, status=SignUpStatus.CONFIRMED, session=None, user=None, **overrides) -> SignUp:
    values = dict(
        offer_id=offer.id,
        session_id=session.id if session else None,
        user_id=user.id if user else None,
        name=name,
        email=user.email if user else "",
        phone="",
        locale="nb",
        status=status,
    )
    values.update(overrides)
    signup = SignUp(**values)
    db.session.add(signup)
    db.session.commit()
    return signup


def make_session(offer, starts_at) -> OfferSession:
    session = OfferSession(offer_id=offer.id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    db.session.add(session)
    db.session.commit()
    return session


def volunteer_user(municipality, name: str, locale: str, phone: str = "", **prefs):
    user = make_user(roles=(Role.VOLUNTEER,), municipality=municipality, locale=locale, name=name, phone=phone)
    if prefs:
        save_preferences(user.id, **{"email": True, "sms": True, "reminders": True, **prefs})
    return user


@pytest.fixture
def oystre(municipalities):
    ensure_roles()
    db.session.commit()
    return municipalities["oystre-slidre"]


@pytest.fixture
def toten(municipalities, oystre):
    return municipalities["vestre-toten"]


@pytest.fixture
def coordinator(oystre):
    return make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale="nn", name="Kari Koordinator")


@pytest.fixture
def escorts(oystre, toten):
    """Three approved escorts in Øystre Slidre (nn with phone, both channels; nb who turned SMS off;
    one who turned everything off), a visiting friend there, and an escort in Vestre Toten."""
    heggenes = make_place(oystre, "Heggenes")
    people = {
        "sigrid": volunteer_user(oystre, "Sigrid Sæter", "nn", "912 34 567"),
        "ola": volunteer_user(oystre, "Ola Nordmann", "nb", "913 45 678", sms=False),
        "kari": volunteer_user(oystre, "Kari Stille", "nn", "914 56 789", email=False, sms=False),
        "per": volunteer_user(oystre, "Per Besøk", "nb", "915 67 890"),
        "toten": volunteer_user(toten, "Tone Toten", "nb", "916 78 901"),
    }
    make_volunteer(oystre, people["sigrid"], place_id=heggenes.id)
    make_volunteer(oystre, people["ola"])
    make_volunteer(oystre, people["kari"])
    make_volunteer(oystre, people["per"], roles=["visiting_friend"], place_id=heggenes.id)
    make_volunteer(toten, people["toten"])
    return people


@pytest.fixture
def offer_groups(oystre, toten):
    """An offer in Øystre Slidre with two signed up (one with an account, one without), one on the
    waiting list, one cancelled; an offer in Vestre Toten with one signed up."""
    offer = make_offer(oystre, title_nb="Trim for eldre", title_nn="Trim for eldre")
    other = make_offer(toten, title_nb="Toten-trim", title_nn="Toten-trim")
    anne = make_user(municipality=oystre, locale="nn", name="Anne Konto", phone="917 00 001")
    return {
        "offer": offer,
        "other": other,
        "anne": make_signup(offer, "Anne Konto", user=anne, locale="nn", phone="917 00 001"),
        "bjorn": make_signup(offer, "Bjørn Utan", email="bjorn@example.no", phone="917 00 002", locale="nb"),
        "venter": make_signup(offer, "Vera Venter", status=SignUpStatus.WAITING, email="vera@example.no", locale="nn"),
        "gone": make_signup(
            offer, "Gunnar Gått", status=SignUpStatus.CANCELLED, email="gunnar@example.no", locale="nb"
        ),
        "toten": make_signup(other, "Tor Toten", email="tor@example.no", locale="nb"),
    }


@pytest.fixture
def editor(oystre):
    return make_user(roles=(Role.EDITOR,), municipality=oystre, locale="nn", name="Erle Redaktør")

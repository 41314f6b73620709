"""Names and titles refuse control characters at input, in a message that names the question; text
areas keep their line breaks; names that strangers type refuse web addresses (issue 11)."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from webapp.accounts import forms as accounts
from webapp.accounts.models import User
from webapp.extensions import db
from webapp.offers import forms as offers
from webapp.respite import forms as respite
from webapp.volunteers import forms as volunteers

# Every one-line field that takes a name, a title or a short text, in every domain.
ONE_LINE = [
    (accounts.RegisterForm, "name"),
    (accounts.ProfileForm, "name"),
    (offers.SignUpForm, "name"),
    (offers.SignUpForm, "phone"),
    (offers.FilterForm, "q"),
    (offers.OfferForm, "title_nb"),
    (offers.OfferForm, "title_nn"),
    (offers.OfferForm, "price_note_nb"),
    (offers.OfferForm, "contact_name"),
    (offers.OfferForm, "contact_phone"),
    (offers.OfferForm, "new_place_name"),
    (offers.OfferForm, "new_place_address"),
    (offers.OfferForm, "new_place_area"),
    (offers.OfferForm, "new_place_city"),
    (volunteers.SignUpForm, "guardian_name"),
    (volunteers.TaskForm, "title"),
    (volunteers.TaskForm, "address"),
    (volunteers.TaskForm, "person_name"),
    (volunteers.HoursForm, "note"),
    (respite.ApplicationForm, "receiver_name"),
    (respite.ApplicationForm, "relation"),
    (respite.ApplicationForm, "consent_by"),
    (respite.DecisionForm, "receiver_name"),
    (respite.DecisionForm, "consent_given_by"),
    (respite.HolidayForm, "name"),
    (respite.CapacityForm, "note"),
    (respite.ClosureForm, "reason"),
]
TEXT_AREAS = [
    (offers.SignUpForm, "escort_note"),
    (offers.OfferForm, "description_nn"),
    (volunteers.TaskForm, "need_to_know"),
    (respite.ApplicationForm, "care_work"),
]
BREAKS = [
    "Frode\rFrivillig",
    "Frode\nFrivillig",
    "Frode\r\nFrivillig",
    "Frode\tFrivillig",
    "Frode\x0bFrivillig",
    "Frode\x1fFrivillig",
    "Frode\x7fFrivillig",
    "Frode\x85Frivillig",
    "Frode\u2028Frivillig",
    "Frode\x00",
]


def _errors(app, form_class, name: str, value: str, locale: str = "nn") -> list[str]:
    with app.test_request_context(method="POST", data={name: value}), force_locale(locale):
        form = form_class(meta={"csrf": False})
        field = getattr(form, name)
        field.validate(form)
        return [str(error) for error in field.errors]


@pytest.mark.parametrize("form_class, name", ONE_LINE, ids=[f"{f.__name__}.{n}" for f, n in ONE_LINE])
def test_names_and_titles_refuse_control_characters(app, form_class, name):
    for value in BREAKS:
        errors = _errors(app, form_class, name, value)
        assert any("på éi linje, utan spesialteikn" in e for e in errors), (value, errors)
    assert not any("linje" in e for e in _errors(app, form_class, name, "Åse Ødegård-Lie"))


def test_the_message_names_the_question_in_both_standards(app):
    assert _errors(app, respite.ApplicationForm, "receiver_name", "Kari\rNordmann", "nn") == [
        "Skriv «Namn på personen du hjelper» på éi linje, utan spesialteikn."
    ]
    assert _errors(app, respite.ApplicationForm, "receiver_name", "Kari\rNordmann", "nb") == [
        "Skriv «Navn på personen du hjelper» på én linje, uten spesialtegn."
    ]


@pytest.mark.parametrize("form_class, name", TEXT_AREAS, ids=[f"{f.__name__}.{n}" for f, n in TEXT_AREAS])
def test_text_areas_keep_line_breaks_but_refuse_other_control_characters(app, form_class, name):
    assert not any("teikn" in e for e in _errors(app, form_class, name, "Fyrste linja.\r\nAndre\tlinja."))
    assert any("inneheld teikn som ikkje er tillatne" in e for e in _errors(app, form_class, name, "Ein\x00to"))


@pytest.mark.parametrize(
    "value",
    [
        "Besøk http://phish.example",
        "www.phish.example",
        "Kari phish.example",
        "HTTPS://PHISH.EXAMPLE",
        "kari@phish.no",
        "ftp://x",
    ],
)
@pytest.mark.parametrize("form_class", [offers.SignUpForm, accounts.RegisterForm, accounts.ProfileForm])
def test_names_that_strangers_type_refuse_web_addresses(app, form_class, value):
    assert _errors(app, form_class, "name", value) == ["Skriv «Namn» utan nettadresser."]


@pytest.mark.parametrize(
    "value", ["Kari Nordmann", "Anne K. Olsen", "J.R. Hansen", "Per-Ola O'Neill", "St. Olav", "Åse Ødegård"]
)
def test_ordinary_names_pass(app, value):
    assert _errors(app, offers.SignUpForm, "name", value) == []


def test_register_with_a_carriage_return_in_the_name_is_refused_and_keeps_what_was_typed(client, municipalities):
    response = client.post(
        "/register",
        headers={"Accept-Language": "nn"},
        data={
            "name": "Frode\rFrivillig",
            "email": "frode@example.no",
            "password": "eit langt passord her",
            "password_again": "eit langt passord her",
            "locale": "nn",
            "home_municipality": "",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Skriv «Namn» på éi linje, utan spesialteikn." in html
    assert 'value="frode@example.no"' in html
    assert db.session.scalar(select(User).where(User.email == "frode@example.no")) is None

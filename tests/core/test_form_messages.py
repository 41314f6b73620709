"""No English and no WTForms default text reaches a page in nn or nb, and every message names its
question. Every form in the service is found by walking the subclasses of FlaskForm, filled with
empty, malformed and out-of-range answers in both standards, and its messages read."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from flask import session
from flask_babel import refresh
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.csrf.core import CSRFTokenField

import webapp
from webapp.forms import Form, is_norwegian_phone

# WTForms' own texts, and words no Norwegian sentence holds.
WTFORMS_TEXTS = (
    "This field is required",
    "Field must be",
    "Field cannot be longer",
    "Number must be",
    "Invalid",
    "Not a valid",
    "is not a valid choice",
    "could not coerce",
    "CSRF",
)
ENGLISH_WORDS = {
    "the", "field", "must", "valid", "invalid", "value", "choice", "write", "number", "please",
    "characters", "character", "required", "not", "enter", "choose", "date", "between", "least",
    "most", "long", "with", "and", "only", "your", "this",
}  # fmt: skip
SMALL_WORDS = {"for", "med", "som", "til", "frå", "fra", "kva", "hva", "eller", "ein", "en", "ei", "eit", "et"}


def all_forms() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(webapp.__path__, "webapp."):
        importlib.import_module(module.name)
    found, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("webapp.") and cls is not Form:
            found.append(cls)
    return sorted(set(found), key=lambda c: (c.__module__, c.__name__))


FORMS = all_forms()


def _answers(form_class: type[FlaskForm], kind: str) -> MultiDict:
    data = MultiDict()
    for name, field in form_class(formdata=None, meta={"csrf": False})._fields.items():
        value = _answer(field, kind)
        if value is not None:
            data.setlist(name, value if isinstance(value, list) else [value])
    return data


def _answer(field, kind: str):
    if isinstance(field, (BooleanField, CSRFTokenField)):
        return None
    if kind == "empty":
        return [] if isinstance(field, SelectMultipleField) else ""
    if isinstance(field, SelectMultipleField):
        return ["no-such-choice"]
    if isinstance(field, (SelectField, RadioField)):
        return "no-such-choice" if kind == "wrong" else "99999"
    if isinstance(field, IntegerField):
        return "tjue" if kind == "wrong" else "99999999"
    if isinstance(field, DecimalField):
        return "to og ein halv" if kind == "wrong" else "9999"
    if isinstance(field, DateField):
        return "31.02.2026" if kind == "wrong" else "01.01.1850"
    if isinstance(field, TimeField):
        return "25.99" if kind == "wrong" else "kl. 99"
    if isinstance(field, (EmailField, StringField, TextAreaField, PasswordField, TelField)):
        return "x@y" + "x" * 5000 if kind == "wrong" else "a\x01b"
    return "x"


def _stems(text: str) -> set[str]:
    words = re.findall(r"[\wæøå-]+", text.lower())
    return {w for w in words if len(w) >= 3 and w not in SMALL_WORDS}


def names_its_question(message: str, label: str) -> bool:
    """The label, some word of it, or a five-letter piece of a longer word, is in the message."""
    message = message.lower()
    if label.lower() in message:
        return True
    for word in _stems(label):
        pieces = [word] if len(word) <= 5 else [word[i : i + 5] for i in range(len(word) - 4)]
        if any(piece in message for piece in pieces):
            return True
    return False


def english_in(message: str) -> list[str]:
    found = [text for text in WTFORMS_TEXTS if text.lower() in message.lower()]
    words = set(re.findall(r"[a-z]+", message.lower()))
    return found + sorted(words & ENGLISH_WORDS)


def _validate(app, form_class, locale: str, kind: str) -> list[tuple[str, str, str]]:
    with app.test_request_context("/", method="POST"):
        session["locale"] = locale
        refresh()
        form = form_class(formdata=_answers(form_class, kind), meta={"csrf": False})
        for field in form:
            if isinstance(field, SelectField) and field.choices is None:
                field.choices = [("1", "1")]
        form.validate()
        problems = []
        for field in form:
            for message in field.errors:
                problems.append((field.name, str(field.label.text), str(message)))
        for message in form.form_errors:
            problems.append(("", "", str(message)))
        return problems


def test_forms_are_found_and_all_use_the_service_base():
    names = {c.__name__ for c in FORMS}
    assert {"ProfileForm", "SignUpForm", "ApplicationForm", "DecisionForm", "HoursForm", "PeriodForm"} <= names
    assert [c.__name__ for c in FORMS if not issubclass(c, Form)] == []


@pytest.mark.parametrize("locale", ["nn", "nb"])
@pytest.mark.parametrize("kind", ["empty", "wrong", "out_of_range"])
@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__.split('.')[1]}.{c.__name__}")
def test_every_message_is_norwegian_and_names_its_question(app, form_class, kind, locale):
    problems = _validate(app, form_class, locale, kind)
    bad = []
    for name, label, message in problems:
        if english_in(message):
            bad.append(f"{name}: English {english_in(message)} in {message!r}")
        if name and not names_its_question(message, label):
            bad.append(f"{name}: {message!r} does not name {label!r}")
    assert not bad, "\n".join(bad)


def test_malformed_answers_are_caught(app):
    """The walk above is only worth something if bad answers give messages at all."""
    from webapp.respite.forms import DecisionForm
    from webapp.volunteers.forms import HoursForm

    for form_class in (DecisionForm, HoursForm):
        for kind in ("empty", "wrong", "out_of_range"):
            assert len(_validate(app, form_class, "nn", kind)) >= 3, (form_class, kind)


@pytest.mark.parametrize("number", ["91234567", "912 34 567", "+47 912 34 567", "0047 91234567", "61 15 33 00"])
def test_norwegian_phone_numbers_pass(number):
    assert is_norwegian_phone(number)


@pytest.mark.parametrize("number", ["1234567", "912345678", "+46 912 34 567", "91x34567", "tel 91234567"])
def test_other_phone_numbers_fail(number):
    assert not is_norwegian_phone(number)


def test_hours_take_a_decimal_comma_and_dates_the_norwegian_way(app):
    from webapp.volunteers.forms import HoursForm

    with app.test_request_context("/", method="POST"):
        session["locale"] = "nn"
        form = HoursForm(formdata=MultiDict({"hours": "1,5", "day": "24.12.2026"}), meta={"csrf": False})
        form.task.choices = [("", "")]
        form.validate()
        assert float(form.hours.data) == 1.5 and not form.hours.errors
        assert form.day.data.isoformat() == "2026-12-24" and not form.day.errors

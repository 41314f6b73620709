"""Every e-mail and SMS template, found in the template folders, rendered in nynorsk and bokmål with
the examples in tests/notifications/message_examples.py: no leftover placeholders, no empty
greeting, no ISO dates or "08:00" times, a sender at the end, no English and no word of the other
standard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext

from tests.core.test_standard_leaks import OTHER
from tests.notifications.message_examples import EXAMPLES
from webapp.notifications.services import render_email, render_sms, sender_in

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"


def templates(kind: str) -> list[str]:
    """Every template of a kind (emails or sms) in any domain's folder; partials start with `_`."""
    found = {path.stem for path in WEBAPP.glob(f"**/templates/{kind}/*.txt") if not path.name.startswith("_")}
    return sorted(found)


LEFTOVER = re.compile(r"%\(|\{\{|\}\}|\{%|%\}|\bNone\b|Undefined")
EMPTY_GREETING = re.compile(r"\b(?:Hei|Hello)\s*[,!]\s*[,!]|\b(?:Hei|Hello) +[,!]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
COLON_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
URL = re.compile(r"https?://\S+")
ADDRESS = re.compile(r"\S+@\S+")
ENGLISH = {
    "the", "and", "you", "your", "hello", "please", "with", "this", "has", "been", "when", "what",
    "here", "cancel", "cancelled", "booking", "link", "place", "regards", "municipality", "log",
}  # fmt: skip
WORD = re.compile(r"\w+", re.U)
# A weekday as the first word of a sentence or line would be written in lower case (translations/STYLE.md).
WEEKDAY_FIRST = re.compile(
    r"(?:^|[.!?]\s+|\n)(?:måndag|mandag|tysdag|tirsdag|onsdag|torsdag|fredag|laurdag|lørdag|søndag|sundag)\b"
)


def words(text: str) -> set[str]:
    text = ADDRESS.sub(" ", URL.sub(" ", text))
    return set(WORD.findall(text.lower()))


def check(text: str, locale: str, what: str) -> None:
    assert not LEFTOVER.search(text), f"{what}: a placeholder is left: {text!r}"
    assert not EMPTY_GREETING.search(text), f"{what}: greets an empty name: {text!r}"
    assert not ISO_DATE.search(URL.sub(" ", text)), f"{what}: an ISO date: {text!r}"
    assert not COLON_TIME.search(URL.sub(" ", text)), f"{what}: a time written 08:00, not kl. 08.00: {text!r}"
    assert not WEEKDAY_FIRST.search(text), f"{what}: a sentence starts with a weekday: {text!r}"
    english = words(text) & ENGLISH
    assert not english, f"{what}: English words {english}: {text!r}"
    other = words(text) & OTHER[locale]
    assert not other, f"{what}: words of the other standard {other}: {text!r}"


def sender_name(context: dict, locale: str) -> str:
    sender = sender_in(context)
    with force_locale(locale):
        return str(sender.name) if sender is not None else gettext("Coping at home")


def examples_of(template: str) -> list[dict]:
    assert template in EXAMPLES, (
        f"No example context for the message template {template!r}: add one (a list of contexts) "
        "to EXAMPLES in tests/notifications/message_examples.py"
    )
    return EXAMPLES[template]


@pytest.mark.parametrize("locale", ["nn", "nb"])
@pytest.mark.parametrize("template", templates("emails"))
def test_every_email_reads_well(ctx, template, locale):
    for number, context in enumerate(examples_of(template)):
        what = f"emails/{template}.txt, example {number}, {locale}"
        subject, body = render_email(template, locale, **context)
        check(subject, locale, what)
        check(body, locale, what)
        assert subject.strip(), f"{what}: no subject"
        # The sign-off: a greeting word, then who sent it, near the end.
        with force_locale(locale):
            regards = gettext("Best regards")
        assert f"{regards}\n{sender_name(context, locale)}\n" in body + "\n", f"{what}: no sender: {body!r}"
        if context.get("my_pages", True):
            assert "http://localhost/my-pages" in body, f"{what}: does not say where to log in"


@pytest.mark.parametrize("locale", ["nn", "nb"])
@pytest.mark.parametrize("template", templates("sms"))
def test_every_sms_reads_well(ctx, template, locale):
    for number, context in enumerate(examples_of(template)):
        what = f"sms/{template}.txt, example {number}, {locale}"
        text = render_sms(template, locale, **context)
        check(text, locale, what)
        assert text.endswith(f" – {sender_name(context, locale)}"), f"{what}: no sender at the end: {text!r}"


def test_the_templates_are_found():
    """The glob sees the domains' folders (a moved folder must not make the tests above vacuous)."""
    assert {"respite_booking", "offers_signup", "volunteers_proposal", "confirm"} <= set(templates("emails"))
    assert {"respite_offer", "volunteers_task_reminder"} <= set(templates("sms"))


def test_an_email_without_an_example_is_named(ctx):
    with pytest.raises(AssertionError, match="No example context for the message template 'new_one'"):
        examples_of("new_one")

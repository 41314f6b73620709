"""No page leaks the other standard: as the public and each demo person, every GET page in nynorsk
holds no bokmål-only word, and every page in bokmål no nynorsk-only word. Text marked with its own
language (`lang`, e.g. a unit name staff wrote in the municipality's standard) does not count."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from tests.core.test_no_writes_on_get import PEOPLE, demo_world, get_paths  # noqa: F401 (a fixture)
from webapp.accounts.demo import DEMO_PASSWORD
from webapp.accounts.models import User
from webapp.extensions import db
from webapp.municipalities.models import Municipality, Unit

# Forms found in one standard only (the glossary's core words and a few more).
BOKMAL_ONLY = {
    "ikke", "hva", "hvem", "hvordan", "hvorfor", "hjemme", "tjenester", "tjenesten", "mestring",
    "tilbud", "tilbudet", "tilbudene", "ukentlig", "også", "jeg", "uke", "uken", "avlastning",
    "pårørende", "sykehjem", "velkommen", "fra", "hver",
}  # fmt: skip
NYNORSK_ONLY = {
    "ikkje", "kva", "kven", "korleis", "kvifor", "heime", "tenester", "tenesta", "meistring",
    "tilbod", "tilboda", "kvar", "òg", "eg", "veke", "veka", "avlasting", "pårørande", "sjukeheim",
    "velkomen", "frå",
}  # fmt: skip
OTHER = {"nn": BOKMAL_ONLY, "nb": NYNORSK_ONLY}

ELEMENT = re.compile(r"<(\w+)\b[^>]*>")
SKIPPED = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
ATTRIBUTES = re.compile(r'\b(?:alt|title|aria-label|placeholder|content)="([^"]*)"')
WORD = re.compile(r"\w+", re.U)


def without_other_language(html: str, standard: str) -> str:
    """The page's text and readable attributes, minus every element whose lang is not the page's."""
    html = SKIPPED.sub(" ", html.split("<body", 1)[-1])
    depth_stack, out = [], []
    position = 0
    for match in re.finditer(r"<(/?)(\w+)\b([^>]*)>", html):
        text = html[position : match.start()]
        if not depth_stack:
            out.append(text)
        position = match.end()
        closing, tag, rest = match.group(1), match.group(2).lower(), match.group(3)
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"} or rest.endswith("/"):
            if not depth_stack:
                out.append(" " + " ".join(ATTRIBUTES.findall(rest)) + " ")
            continue
        if closing:
            if depth_stack and depth_stack[-1][0] == tag:
                depth_stack[-1][1] -= 1
                if depth_stack[-1][1] == 0:
                    depth_stack.pop()
            continue
        lang = re.search(r'\blang="([^"]*)"', rest)
        if depth_stack and depth_stack[-1][0] == tag:
            depth_stack[-1][1] += 1
        elif lang and lang.group(1) != standard and not depth_stack:
            depth_stack.append([tag, 1])
        elif not depth_stack:
            out.append(" " + " ".join(ATTRIBUTES.findall(rest)) + " ")
    out.append(html[position:])
    return " ".join(unescape(" ".join(out)).split())


ADDRESS = re.compile(r"\S+@\S+")
PAGE_LANG = re.compile(r'<html lang="(nn|nb)"')


def proper_names() -> list[str]:
    """Names of places and people, which keep their own spelling in either standard (Gimle
    sykehjem is called that on a nynorsk page too)."""
    names = [*db.session.scalars(select(Unit.name)), *db.session.scalars(select(User.name))]
    return sorted({name for name in names if name}, key=len, reverse=True)


def leaks(text: str, standard: str, names: list[str] = ()) -> set[str]:
    text = ADDRESS.sub(" ", text)
    for name in names:
        text = text.replace(name, " ")
    return {word for word in WORD.findall(text.lower()) if word in OTHER[standard]}


def test_the_filter_drops_marked_elements():
    html = '<body><p>Kva treng du? <span lang="nb">Hva trenger du? <span>ikke</span></span> ikkje</p></body>'
    text = without_other_language(html, "nn")
    assert "Hva" not in text and "ikke" not in text and "ikkje" in text


@pytest.mark.parametrize("standard", ["nn", "nb"])
def test_no_page_leaks_the_other_standard(app, demo_world, standard):  # noqa: F811
    municipalities = {m.slug: m for m in db.session.scalars(select(Municipality))}
    names = proper_names()
    found: dict[str, set[str]] = {}
    for email, slug in PEOPLE:
        client = app.test_client()
        if email:
            response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
            assert response.status_code == 302, email
        client.post("/language", data={"locale": standard})
        user = db.session.scalar(select(User).where(User.email == email)) if email else None
        for path in get_paths(app, municipalities[slug], user):
            response = client.get(path)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            # A page says which standard it is in; one shown in the municipality's own standard
            # whatever the reader chose (the embed) is checked against that.
            declared = PAGE_LANG.search(html)
            page_standard = declared.group(1) if declared else standard
            words = leaks(without_other_language(html, page_standard), page_standard, names)
            if words:
                found.setdefault(path, set()).update(words)
    assert found == {}, "\n".join(f"{path}: {sorted(words)}" for path, words in sorted(found.items()))

"""Both catalogues are complete, not fuzzy, and up to date with the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("nb", "nn")


def catalogue(locale: str):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_is_translated_and_not_fuzzy(locale):
    # pybabel compile skips a whole catalogue whose header is fuzzy
    assert not catalogue(locale).fuzzy, "the catalogue header is marked fuzzy"
    problems = []
    for message in catalogue(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_survive_translation(locale):
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for message in catalogue(locale):
        if not message.id or isinstance(message.id, tuple):
            continue
        assert sorted(pattern.findall(message.id)) == sorted(pattern.findall(message.string)), message.id


def test_catalogues_contain_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            "--omit-header",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    for locale in LOCALES:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(locale) if m.id}
        missing = sorted(extracted - known)
        assert not missing, f"{locale} lacks (run `make messages`): {missing}"


def test_nynorsk_is_not_bokmal():
    """A guard against bokmål copied into the nynorsk catalogue."""
    bokmal_only = {
        "ikke",
        "hva",
        "hvem",
        "hvordan",
        "hjemme",
        "tjenester",
        "mestring",
        "tilbudet",
        "nå",
        "mer",
        "flere",
        "fra",
        "sammen",
        "også",
        "selv",
        "jeg",
        "uke",
        "bekreft",
    }
    offenders = []
    for message in catalogue("nn"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            words = {w.strip(".,:;!?()«»\"'").lower() for w in (text or "").split()}
            if words & bokmal_only:
                offenders.append((message.id, sorted(words & bokmal_only)))
    assert not offenders, offenders

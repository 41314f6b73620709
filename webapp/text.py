"""Text people type, made safe where it goes: one line for a header, no links in a message.

A carriage return in a name once halted every message (an e-mail header may not hold one), and a
stranger's name "Besøk http://phish.example" once reached anyone's inbox as a link."""

from __future__ import annotations

import re
import unicodedata

# Control characters, and the line and paragraph separators that str.splitlines() also breaks on.
_BREAKING = {"Cc", "Zl", "Zp"}
_LINE_BREAKS = "\r\n"

# What mail clients and phones turn into a link: a scheme, "www.", or a name ending in a dot and letters.
LINK = re.compile(r"[a-z][a-z0-9+.-]*:/+\S*|\bwww\.\S*|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)


def is_control(character: str) -> bool:
    return unicodedata.category(character) in _BREAKING


def has_control_characters(text: str, allow_line_breaks: bool = False) -> bool:
    allowed = _LINE_BREAKS + "\t" if allow_line_breaks else ""
    return any(is_control(c) and c not in allowed for c in text)


def one_line(text: str, limit: int | None = None) -> str:
    """Control characters and line breaks of every kind become one space; at most `limit` characters."""
    cleaned = " ".join("".join(" " if is_control(c) else c for c in text).split())
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def looks_like_link(text: str) -> bool:
    return LINK.search(text or "") is not None


def unlinked(text: object) -> str:
    """The text with anything a mail client would make a link broken up: "phish.example" becomes
    "phish[.]example" and "http://" becomes "http[:]//", so nobody can click a stranger's link."""
    return LINK.sub(lambda match: match.group(0).replace(":/", "[:]/").replace(".", "[.]"), str(text or ""))

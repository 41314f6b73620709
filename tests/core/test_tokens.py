"""Single-use links are used up by what they mean, whichever way their text is spelled."""

from __future__ import annotations

from datetime import timedelta

import pytest

from webapp import tokens
from webapp.clock import utcnow
from webapp.extensions import db

BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def spellings(token: str) -> list[str]:
    """The same link with each spelling of its signature's last character: base64 leaves two of
    its six bits unused, so four texts decode to the same signature."""
    low = BASE64URL.index(token[-1]) & ~3
    return [token[:-1] + BASE64URL[low + k] for k in range(4)]


def test_every_spelling_of_a_used_link_counts_as_used(ctx):
    """The attack: a used link worked again three more times, spelled differently."""
    token = tokens.make_token("test", {"id": 7})
    variants = spellings(token)
    assert len(set(variants)) == 4
    assert all(tokens.read_token("test", v, 60) == {"id": 7} for v in variants)  # one signature

    tokens.consume_token("test", token, 60)
    db.session.commit()
    for variant in variants:
        with pytest.raises(tokens.TokenError) as error:
            tokens.peek_token("test", variant, 60)
        assert error.value.reason == "used"
        with pytest.raises(tokens.TokenError) as error:
            tokens.consume_token("test", variant, 60)
        assert error.value.reason == "used"


def test_a_used_link_is_recorded_by_purpose_subject_and_issue_time(ctx, clock):
    token = tokens.make_token("test", {"id": 7, "e": "ola@example.no"})
    tokens.consume_token("test", token, 60)
    db.session.commit()
    [used] = db.session.scalars(db.select(tokens.UsedToken))
    assert used.purpose == "test"
    assert "ola@example.no" not in used.subject  # an address in a link is not kept readable
    assert abs((used.issued_at - clock.now).total_seconds()) < 2
    # the same data in a link issued later is another link
    clock.shift(timedelta(seconds=2))
    tokens.consume_token("test", tokens.make_token("test", {"id": 7, "e": "ola@example.no"}), 60)
    # for another purpose, the same text is no link at all
    with pytest.raises(tokens.TokenError) as error:
        tokens.consume_token("other", token, 60)
    assert error.value.reason == "invalid"


def test_links_used_before_the_change_stay_used(ctx):
    """Rows from before migration 0011 hold a digest of the link's text as their subject."""
    import hashlib

    token = tokens.make_token("test", {"id": 8})
    db.session.add(
        tokens.UsedToken(purpose="test", subject=hashlib.sha256(token.encode()).hexdigest(), issued_at=utcnow())
    )
    db.session.commit()
    with pytest.raises(tokens.TokenError) as error:
        tokens.consume_token("test", token, 60)
    assert error.value.reason == "used"

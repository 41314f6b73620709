"""ID-porten settings: off without an issuer, and production refuses unsafe ones."""

from __future__ import annotations

from webapp.config import Config, problems

GOOD = {
    "IDPORTEN_ISSUER": "https://test.idporten.no",
    "IDPORTEN_CLIENT_ID": "kommune",
    "IDPORTEN_CLIENT_SECRET": "client-secret",
    "IDPORTEN_PID_SECRET": "k" * 40,
    "IDPORTEN_LEVEL_PERSONAL": "idporten-loa-substantial",
    "IDPORTEN_LEVEL_RESPITE": "idporten-loa-high",
}


def _idporten_problems(**overrides: str) -> set[str]:
    return {problem.setting for problem in problems({**GOOD, **overrides}) if problem.setting.startswith("IDPORTEN")}


def test_off_by_default_and_then_nothing_is_asked_for() -> None:
    assert Config.IDPORTEN_ISSUER == ""
    assert Config.IDPORTEN_LEVEL_PERSONAL == "idporten-loa-substantial"
    assert Config.IDPORTEN_LEVEL_RESPITE == "idporten-loa-high"
    assert _idporten_problems(IDPORTEN_ISSUER="", IDPORTEN_PID_SECRET="") == set()


def test_a_complete_configuration_has_no_problems() -> None:
    assert _idporten_problems() == set()


def test_unsafe_or_incomplete_settings_are_named() -> None:
    assert _idporten_problems(IDPORTEN_ISSUER="http://test.idporten.no") == {"IDPORTEN_ISSUER"}
    assert _idporten_problems(IDPORTEN_CLIENT_SECRET="") == {"IDPORTEN_CLIENT_SECRET"}
    assert _idporten_problems(IDPORTEN_PID_SECRET="short") == {"IDPORTEN_PID_SECRET"}
    assert _idporten_problems(IDPORTEN_LEVEL_RESPITE="idporten-loa-low") == {"IDPORTEN_LEVEL_RESPITE"}
    assert _idporten_problems(
        IDPORTEN_LEVEL_PERSONAL="idporten-loa-high", IDPORTEN_LEVEL_RESPITE="idporten-loa-substantial"
    ) == {"IDPORTEN_LEVEL_RESPITE"}

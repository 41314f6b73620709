"""ID token validation (OpenID Connect Core 3.1.3.7) with real RSA keys, served as a JWKS over
HTTP on loopback so key rotation goes through the same fetch as in production."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from webapp.accounts import idporten

ISSUER = "https://test.idporten.example"
CLIENT = "kommune-client"
NONCE = "n-0S6_WzA2Mj"
PID = "24079409630"


def _key(kid: str) -> Any:
    return RSAKey.generate_key(2048, parameters={"kid": kid})


KEY_A = _key("key-a")
KEY_B = _key("key-b")


class _Jwks:
    def __init__(self) -> None:
        self.keys = [KEY_A]
        self.fetches = 0


@pytest.fixture
def jwks() -> Iterator[tuple[_Jwks, str]]:
    state = _Jwks()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            state.fetches += 1
            body = json.dumps({"keys": [key.as_dict(private=False) for key in state.keys]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/jwks"
    finally:
        server.shutdown()
        server.server_close()


def _token(now: int, key: Any = KEY_A, alg: str = "RS256", **overrides: Any) -> str:
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "pairwise-sub-1",
        "pid": PID,
        "acr": idporten.HIGH,
        "amr": ["BankID"],
        "nonce": NONCE,
        "iat": now,
        "exp": now + 120,
        "sid": "session-1",
    }
    claims.update(overrides)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode({"alg": alg, "kid": key.kid}, claims, key)


def _validate(token: str, url: str, now: int, **kwargs: Any) -> dict[str, Any]:
    keys = kwargs.pop("keys", None) or idporten.ProviderKeys(url)
    options: dict[str, Any] = {
        "issuer": ISSUER,
        "client_id": CLIENT,
        "nonce": NONCE,
        "now": now,
        "required_level": idporten.HIGH,
    }
    options.update(kwargs)
    return idporten.validate_id_token(token, keys=keys, **options)


@pytest.fixture
def now(clock: Any) -> int:
    return int(clock.now.timestamp())


def test_a_genuine_token_gives_its_claims(jwks: Any, now: int) -> None:
    claims = _validate(_token(now), jwks[1], now)
    assert claims["sub"] == "pairwise-sub-1"
    assert claims["acr"] == idporten.HIGH


@pytest.mark.parametrize(
    ("overrides", "kwargs"),
    [
        ({"nonce": "another-login"}, {}),
        ({"nonce": None}, {}),
        ({"aud": "someone-else"}, {}),
        ({"aud": [CLIENT, "someone-else"]}, {}),
        ({"iss": "https://evil.example"}, {}),
        ({}, {"issuer": "https://idporten.no"}),
    ],
    ids=["wrong-nonce", "no-nonce", "wrong-audience", "other-audience-no-azp", "wrong-issuer", "other-issuer"],
)
def test_tokens_not_for_this_login_are_refused(jwks: Any, now: int, overrides: Any, kwargs: Any) -> None:
    with pytest.raises(idporten.IdTokenError):
        _validate(_token(now, **overrides), jwks[1], now, **kwargs)


def test_several_audiences_are_accepted_only_when_authorised_for_us(jwks: Any, now: int) -> None:
    claims = _validate(_token(now, aud=[CLIENT, "other"], azp=CLIENT), jwks[1], now)
    assert claims["azp"] == CLIENT
    with pytest.raises(idporten.IdTokenError):
        _validate(_token(now, aud=[CLIENT, "other"], azp="other"), jwks[1], now)


def test_an_expired_token_is_refused(jwks: Any, now: int) -> None:
    token = _token(now - 600)
    with pytest.raises(idporten.IdTokenError):
        _validate(token, jwks[1], now)


def test_a_token_issued_in_the_future_is_refused(jwks: Any, now: int) -> None:
    with pytest.raises(idporten.IdTokenError):
        _validate(_token(now + 3600), jwks[1], now)


def test_a_tampered_token_is_refused(jwks: Any, now: int) -> None:
    header, payload, signature = _token(now).split(".")
    other = _token(now, sub="someone-else").split(".")[1]
    with pytest.raises(idporten.IdTokenError):
        _validate(f"{header}.{other}.{signature}", jwks[1], now)
    assert payload != other


def test_unsigned_and_symmetric_tokens_are_refused(jwks: Any, now: int) -> None:
    import base64

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "x", "nonce": NONCE, "iat": now, "exp": now + 60}
    claims["acr"] = idporten.HIGH
    unsigned = f"{part({'alg': 'none'})}.{part(claims)}."
    with pytest.raises(idporten.IdTokenError):
        _validate(unsigned, jwks[1], now)
    secret = OctKey.import_key("a-shared-secret-known-to-an-attacker-0123456789")
    hs256 = jwt.encode({"alg": "HS256"}, claims, secret)
    with pytest.raises(idporten.IdTokenError):
        _validate(hs256, jwks[1], now)
    with pytest.raises(idporten.IdTokenError):
        _validate("not a token", jwks[1], now)


def test_a_token_signed_by_a_key_the_provider_does_not_publish_is_refused(jwks: Any, now: int) -> None:
    stranger = _key("key-a")  # same key id, different key
    with pytest.raises(idporten.IdTokenError):
        _validate(_token(now, key=stranger), jwks[1], now)


def test_a_lower_level_is_told_apart_so_the_person_can_step_up(jwks: Any, now: int) -> None:
    token = _token(now, acr=idporten.SUBSTANTIAL)
    with pytest.raises(idporten.LevelTooLow) as refused:
        _validate(token, jwks[1], now)
    assert refused.value.acr == idporten.SUBSTANTIAL
    assert refused.value.required == idporten.HIGH
    assert _validate(token, jwks[1], now, required_level=idporten.SUBSTANTIAL)["acr"] == idporten.SUBSTANTIAL
    for acr in ("idporten-loa-low", None):
        with pytest.raises(idporten.LevelTooLow):
            _validate(_token(now, acr=acr), jwks[1], now, required_level=idporten.SUBSTANTIAL)


def test_a_rotated_key_is_fetched_once_and_a_removed_key_stops_working(jwks: Any, now: int) -> None:
    state, url = jwks
    keys = idporten.ProviderKeys(url)
    _validate(_token(now), url, now, keys=keys)
    _validate(_token(now), url, now, keys=keys)
    assert state.fetches == 1  # kept between logins

    state.keys = [KEY_A, KEY_B]  # the provider publishes its next key, then signs with it
    assert _validate(_token(now, key=KEY_B), url, now, keys=keys)["sub"] == "pairwise-sub-1"
    assert state.fetches == 2

    state.keys = [KEY_B]  # and withdraws the old one
    keys.refresh()
    with pytest.raises(idporten.IdTokenError):
        _validate(_token(now, key=KEY_A), url, now, keys=keys)


def test_the_identity_number_is_kept_only_as_a_keyed_hash() -> None:
    first = idporten.pid_hash(PID, "secret-one")
    assert first == idporten.pid_hash(f" {PID[:6]} {PID[6:]} ", "secret-one")
    assert first != idporten.pid_hash(PID, "secret-two")
    assert PID not in first and len(first) == 64
    with pytest.raises(ValueError):
        idporten.pid_hash(PID, "")


def test_levels_are_ordered() -> None:
    assert idporten.meets(idporten.HIGH, idporten.SUBSTANTIAL)
    assert not idporten.meets(idporten.SUBSTANTIAL, idporten.HIGH)
    assert not idporten.meets("idporten-loa-low", idporten.SUBSTANTIAL)
    with pytest.raises(ValueError):
        idporten.meets(idporten.HIGH, "loa-anything")

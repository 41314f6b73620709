"""ID-porten (OpenID Connect): assurance levels, the keyed hash of the identity number, and the
validation of ID tokens as OpenID Connect Core 3.1.3.7 asks.

The identity number (`pid`) is never stored, shown, logged or put in a URL: `pid_hash` turns it
into a keyed hash (HMAC-SHA256 with IDPORTEN_PID_SECRET) that recognises the person next time.
Signatures, algorithms and the registered claims are checked by joserfc (Authlib's JOSE library,
which Authlib's own `authlib.jose` now hands over to); this module adds the rules
Authlib leaves to the client (one algorithm, `azp` with several audiences, `iat` not in the future,
the assurance level) and the key set with rotation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

SUBSTANTIAL = "idporten-loa-substantial"
HIGH = "idporten-loa-high"
# Lowest first; an acr value not in this list counts as no level at all.
LEVELS = (SUBSTANTIAL, HIGH)
ALGORITHMS = ["RS256"]
# Seconds of clock difference allowed between the provider and us.
LEEWAY = 60


class IdTokenError(Exception):
    """The ID token must not be trusted; the message says why (never with claim values)."""


class LevelTooLow(IdTokenError):
    """The token is genuine, but the person logged in at a lower level than the page needs."""

    def __init__(self, acr: str | None, required: str) -> None:
        super().__init__(f"assurance level {acr!r} is below {required!r}")
        self.acr = acr
        self.required = required


def level_rank(acr: str | None) -> int:
    """0 for no known level, then 1, 2, … in the order of LEVELS."""
    return LEVELS.index(acr) + 1 if acr in LEVELS else 0


def meets(acr: str | None, required: str) -> bool:
    """Whether a login at level `acr` is enough for something that needs `required`."""
    if required not in LEVELS:
        raise ValueError(f"unknown assurance level {required!r}")
    return level_rank(acr) >= level_rank(required)


def pid_hash(pid: str, secret: str) -> str:
    """The keyed hash kept instead of the identity number."""
    if not secret:
        raise ValueError("IDPORTEN_PID_SECRET is not set")
    normalised = "".join(pid.split())
    return hmac.new(secret.encode(), normalised.encode(), hashlib.sha256).hexdigest()


_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if remainder == 11 else None if remainder == 10 else remainder


def valid_identity_number(value: str) -> bool:
    """Whether `value` is 11 digits whose two check digits hold (the modulus-11 rule of the
    national population register; D-numbers and synthetic test numbers pass too)."""
    number = "".join(value.split())
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    first = _check_digit(digits[:9], _WEIGHTS_1)
    if first is None or first != digits[9]:
        return False
    return _check_digit(digits[:10], _WEIGHTS_2) == digits[10]


def _fetch_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (the provider's https URL from the settings)
        return json.loads(response.read().decode())


class ProviderKeys:
    """The provider's signing keys from its JWKS endpoint. Kept until a token names a key id that
    is not among them: then fetched again (at most once per token), so a rotated key works without
    a restart and a removed key stops working."""

    def __init__(self, jwks_uri: str, fetch: Callable[[str], dict[str, Any]] = _fetch_json) -> None:
        self.jwks_uri = jwks_uri
        self._fetch = fetch
        self._lock = threading.Lock()
        self._keys: KeySet | None = None
        self._kids: set[str] = set()

    def refresh(self) -> KeySet:
        document = self._fetch(self.jwks_uri)
        keys = KeySet.import_key_set(document)
        with self._lock:
            self._keys = keys
            self._kids = {key.get("kid") for key in document.get("keys", []) if key.get("kid")}
        return keys

    def for_kid(self, kid: str | None) -> KeySet:
        with self._lock:
            keys, known = self._keys, kid in self._kids
        if keys is None or (kid is not None and not known):
            keys = self.refresh()
        return keys


def _header(token: str) -> dict[str, Any]:
    try:
        encoded = token.split(".")[0]
        padded = encoded + "=" * (-len(encoded) % 4)
        header = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, IndexError, UnicodeDecodeError) as error:
        raise IdTokenError("the ID token is not a JWT") from error
    if not isinstance(header, dict):
        raise IdTokenError("the ID token is not a JWT")
    return header


def validate_id_token(
    token: str,
    *,
    keys: ProviderKeys,
    issuer: str,
    client_id: str,
    nonce: str,
    now: int,
    required_level: str | None = SUBSTANTIAL,
    leeway: int = LEEWAY,
) -> dict[str, Any]:
    """The claims of a genuine ID token meant for us, for this login, at `required_level` or
    higher (None: a provider without ID-porten's levels); raises IdTokenError (LevelTooLow for a
    genuine token at a lower level)."""
    header = _header(token)
    if header.get("alg") not in ALGORITHMS:  # 3.1.3.7 (7): the algorithm we registered, never "none"
        raise IdTokenError("the ID token is not signed with RS256")
    try:
        key_set = keys.for_kid(header.get("kid"))
    except (OSError, ValueError, JoseError) as error:
        raise IdTokenError("the provider's keys could not be fetched") from error
    registry = jwt.JWTClaimsRegistry(
        now=now,
        leeway=leeway,
        iss={"essential": True, "value": issuer},  # (2)
        aud={"essential": True, "value": client_id},  # (3)
        sub={"essential": True},
        exp={"essential": True},  # (9)
        iat={"essential": True},  # (10)
        nonce={"essential": True, "value": nonce},  # (11)
    )
    try:
        decoded = jwt.decode(token, key_set, algorithms=ALGORITHMS)  # (6) signature with the provider's keys
        registry.validate(decoded.claims)
    except (JoseError, ValueError) as error:
        raise IdTokenError(f"the ID token was refused: {type(error).__name__}") from error
    claims = dict(decoded.claims)
    if not isinstance(claims["iat"], int | float):
        raise IdTokenError("the ID token has no issue time")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if client_id not in audiences:
        raise IdTokenError("the ID token is not meant for us")  # (3)
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != client_id:
        raise IdTokenError("the ID token has other audiences and is not authorised for us")  # (4), (5)
    if int(claims["iat"]) > now + leeway:
        raise IdTokenError("the ID token was issued in the future")  # (10)
    acr = claims.get("acr")
    if required_level is not None and not meets(acr, required_level):  # (12)
        raise LevelTooLow(acr if acr in LEVELS else None, required_level)
    return claims


# The authorization code flow with PKCE (S256), state and nonce; the views keep `LoginStart` in
# the server-side session between `begin` and `finish` and never put the identity number anywhere.


@dataclass(frozen=True)
class Provider:
    """One provider as its discovery document describes it, with the client registered there."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None
    client_id: str
    client_secret: str

    @classmethod
    def discover(cls, issuer: str, client_id: str, client_secret: str) -> Provider:
        document = _fetch_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
        if document.get("issuer") != issuer:  # OpenID Connect Discovery 4.3
            raise IdTokenError("the discovery document names another issuer")
        return cls(
            issuer=issuer,
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            end_session_endpoint=document.get("end_session_endpoint"),
            client_id=client_id,
            client_secret=client_secret,
        )


@dataclass(frozen=True)
class LoginStart:
    state: str
    nonce: str
    code_verifier: str
    level: str | None


def begin(
    provider: Provider, redirect_uri: str, level: str | None, locale: str = "nb", scope: str = "openid"
) -> tuple[str, LoginStart]:
    """The address to send the person to, and what to keep until they come back. A provider
    without ID-porten's levels (the municipality's own, for staff) gets `level` None."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"unknown assurance level {level!r}")
    start = LoginStart(
        state=generate_token(32), nonce=generate_token(32), code_verifier=generate_token(64), level=level
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": start.state,
            "nonce": start.nonce,
            **({"acr_values": level} if level else {}),
            "code_challenge": create_s256_code_challenge(start.code_verifier),
            "code_challenge_method": "S256",
            "ui_locales": locale,
        }
    )
    return f"{provider.authorization_endpoint}?{query}", start


def finish(
    provider: Provider,
    keys: ProviderKeys,
    start: LoginStart,
    *,
    redirect_uri: str,
    code: str,
    state: str,
    now: int,
) -> tuple[dict[str, Any], str]:
    """The validated ID token claims and the raw ID token (kept as `id_token_hint` for logout)
    for the code the provider sent back; raises IdTokenError for anything not from this login."""
    if not state or not hmac.compare_digest(state, start.state):
        raise IdTokenError("the state does not belong to this login")
    form = urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "code_verifier": start.code_verifier,
        }
    ).encode()
    request = urllib.request.Request(provider.token_endpoint, data=form, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the provider's token endpoint)
            answer = json.loads(response.read().decode())
    except (OSError, ValueError) as error:
        raise IdTokenError("the provider refused the code") from error
    id_token = answer.get("id_token") if isinstance(answer, dict) else None
    if not isinstance(id_token, str):
        raise IdTokenError("the provider sent no ID token")
    claims = validate_id_token(
        id_token,
        keys=keys,
        issuer=provider.issuer,
        client_id=provider.client_id,
        nonce=start.nonce,
        now=now,
        required_level=start.level,
    )
    return claims, id_token


def logout_url(provider: Provider, id_token: str, post_logout_redirect_uri: str, state: str) -> str | None:
    """RP-initiated logout: where to send the person so the provider's session ends too."""
    if not provider.end_session_endpoint:
        return None
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri, "state": state})
    return f"{provider.end_session_endpoint}?{query}"

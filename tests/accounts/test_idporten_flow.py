"""The authorization code flow against a real OpenID Connect provider configured like ID-porten
(tests/idporten_provider.mjs, npm oidc-provider), driven over HTTP as a browser would."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.servers import oidc_provider
from webapp.accounts import idporten

ROOT = Path(__file__).resolve().parents[2]
CLIENT = "kommune-test"
SECRET = "a-client-secret-long-enough-for-the-provider"
REDIRECT = "http://localhost:5000/idporten/callback"
AFTER_LOGOUT = "http://localhost:5000/"
PID = "24079409630"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with oidc_provider("idporten_provider.mjs", CLIENT, SECRET, REDIRECT, AFTER_LOGOUT) as url:
        yield url


class _Stop(urllib.request.HTTPRedirectHandler):
    """Follows the provider's own redirects, stops at ours (as the browser would hand it to us)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if newurl.startswith("http://localhost:5000/"):
            raise _Arrived(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Arrived(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Stop())


def _log_in(browser: urllib.request.OpenerDirector, url: str, level: str) -> str:
    """Opens the provider's login page, logs in at `level`; the address the provider sends back."""
    with browser.open(url) as page:
        login_page = page.geturl()
        assert PID not in login_page
    try:
        browser.open(login_page, data=urlencode({"pid": PID, "acr": level}).encode())
    except _Arrived as arrived:
        return arrived.url
    raise AssertionError("the provider did not send the person back")


def _provider(issuer: str) -> idporten.Provider:
    return idporten.Provider.discover(issuer, CLIENT, SECRET)


def test_a_login_at_level_high_gives_a_validated_identity(issuer: str, clock: Any) -> None:
    provider = _provider(issuer)
    url, start = idporten.begin(provider, REDIRECT, idporten.HIGH)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["acr_values"] == [idporten.HIGH]
    assert start.code_verifier not in url

    back = parse_qs(urlsplit(_log_in(_browser(), url, idporten.HIGH)).query)
    keys = idporten.ProviderKeys(provider.jwks_uri)
    now = int(clock.now.timestamp())
    claims, id_token = idporten.finish(
        provider, keys, start, redirect_uri=REDIRECT, code=back["code"][0], state=back["state"][0], now=now
    )
    assert claims["acr"] == idporten.HIGH
    assert claims["pid"] == PID
    assert PID not in claims["sub"]
    assert idporten.pid_hash(claims["pid"], "s") == idporten.pid_hash(PID, "s")

    logout = idporten.logout_url(provider, id_token, AFTER_LOGOUT, "after")
    assert logout is not None and logout.startswith(issuer + "/session/end?")


def test_a_login_at_substantial_is_refused_for_high_so_the_person_can_step_up(issuer: str, clock: Any) -> None:
    provider = _provider(issuer)
    url, start = idporten.begin(provider, REDIRECT, idporten.HIGH)
    back = parse_qs(urlsplit(_log_in(_browser(), url, idporten.SUBSTANTIAL)).query)
    with pytest.raises(idporten.LevelTooLow):
        idporten.finish(
            provider,
            idporten.ProviderKeys(provider.jwks_uri),
            start,
            redirect_uri=REDIRECT,
            code=back["code"][0],
            state=back["state"][0],
            now=int(clock.now.timestamp()),
        )


def test_a_forged_state_or_a_missing_verifier_gets_nothing(issuer: str, clock: Any) -> None:
    provider = _provider(issuer)
    keys = idporten.ProviderKeys(provider.jwks_uri)
    url, start = idporten.begin(provider, REDIRECT, idporten.SUBSTANTIAL)
    back = parse_qs(urlsplit(_log_in(_browser(), url, idporten.SUBSTANTIAL)).query)
    with pytest.raises(idporten.IdTokenError):
        idporten.finish(
            provider,
            keys,
            start,
            redirect_uri=REDIRECT,
            code=back["code"][0],
            state="forged",
            now=int(clock.now.timestamp()),
        )
    other = idporten.LoginStart(start.state, start.nonce, "a-verifier-that-was-never-sent-" + "x" * 20, start.level)
    with pytest.raises(idporten.IdTokenError):
        idporten.finish(
            provider,
            keys,
            other,
            redirect_uri=REDIRECT,
            code=back["code"][0],
            state=start.state,
            now=int(clock.now.timestamp()),
        )


def test_the_provider_requires_pkce(issuer: str) -> None:
    provider = _provider(issuer)
    url, _ = idporten.begin(provider, REDIRECT, idporten.SUBSTANTIAL)
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    del query["code_challenge"], query["code_challenge_method"]
    try:
        _browser().open(f"{issuer}/auth?{urlencode(query)}")
    except _Arrived as arrived:
        assert parse_qs(urlsplit(arrived.url).query)["error"] == ["invalid_request"]
    except urllib.error.HTTPError as error:
        assert error.code == 400
    else:
        raise AssertionError("the provider accepted a request without PKCE")
    assert json.loads(urllib.request.urlopen(issuer + "/.well-known/openid-configuration").read())[
        "code_challenge_methods_supported"
    ] == ["S256"]

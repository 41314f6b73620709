"""A real OpenID Connect provider configured like a municipality's own for staff
(tests/staff_provider.mjs), and a urllib "browser" that logs in there."""

from __future__ import annotations

import http.cookiejar
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.servers import oidc_provider

ROOT = Path(__file__).resolve().parents[1]
CLIENT = "kommune-tilsette"
SECRET = "a-client-secret-long-enough-for-the-provider"


@contextmanager
def running(redirect_uris: list[str]) -> Iterator[str]:
    """Starts the provider on loopback; yields its issuer."""
    with oidc_provider("staff_provider.mjs", CLIENT, SECRET, ",".join(redirect_uris)) as url:
        yield url


def settings(slug: str, issuer: str, **extra: str) -> dict[str, dict[str, str]]:
    return {slug: {"issuer": issuer, "client_id": CLIENT, "client_secret": SECRET, **extra}}


class Arrived(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _Stop(urllib.request.HTTPRedirectHandler):
    """Follows the provider's own redirects, stops at ours (as the browser would hand it to us)."""

    def __init__(self, ours: str) -> None:
        self.ours = ours

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if newurl.startswith(self.ours):
            raise Arrived(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def log_in(url: str, email: str, mfa: bool, ours: str = "http://localhost/") -> str:
    """Opens the provider's login page at `url`, logs in; the address the provider sends back to."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Stop(ours))
    with browser.open(url) as page:
        login_page = page.geturl()
    form = {"email": email, **({"mfa": "1"} if mfa else {})}
    try:
        browser.open(login_page, data=urlencode(form).encode())
    except Arrived as arrived:
        return arrived.url
    raise AssertionError("the provider did not send the person back")

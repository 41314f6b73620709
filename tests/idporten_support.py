"""A real OpenID Connect provider configured like ID-porten (tests/idporten_provider.mjs, npm
oidc-provider) on loopback, and a browser of urllib that logs in there as a person would."""

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
CLIENT = "kommune-test"
SECRET = "a-client-secret-long-enough-for-the-provider"
PID_SECRET = "a-key-for-identity-numbers-" + "k" * 20


@contextmanager
def running_provider(redirect_uri: str, post_logout_uri: str) -> Iterator[str]:
    """The provider's issuer URL while it runs, keeping the tests' clock."""
    with oidc_provider("idporten_provider.mjs", CLIENT, SECRET, redirect_uri, post_logout_uri) as url:
        yield url


class Arrived(Exception):
    """The provider sent the browser back to us."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class PersonAtProvider:
    """A browser at the provider: follows the provider's redirects, stops at ours."""

    def __init__(self, ours: str) -> None:
        ours_prefix = ours

        class Stop(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
                if newurl.startswith(ours_prefix):
                    raise Arrived(newurl)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), Stop()
        )

    def open(self, url: str, form: dict[str, str] | None = None) -> str:
        """The address the provider sends back to us, or raises AssertionError with its page."""
        try:
            with self.opener.open(url, data=urlencode(form).encode() if form is not None else None) as page:
                return "PAGE " + page.geturl() + "\n" + page.read().decode()
        except Arrived as arrived:
            return arrived.url

    def log_in(self, url: str, pid: str, level: str) -> str:
        """Opens the provider's login page, logs in as `pid` at `level`; where it sends us."""
        page = self.open(url)
        assert page.startswith("PAGE "), page
        login_page = page.split("\n", 1)[0].removeprefix("PAGE ")
        back = self.open(login_page, {"pid": pid, "acr": level})
        assert not back.startswith("PAGE "), back[:500]
        return back

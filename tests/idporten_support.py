"""A real OpenID Connect provider configured like ID-porten (tests/idporten_provider.mjs, npm
oidc-provider) on loopback, and a browser of urllib that logs in there as a person would."""

from __future__ import annotations

import http.cookiejar
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.clock import DEFAULT_MOMENT, as_utc

ROOT = Path(__file__).resolve().parents[1]
CLIENT = "kommune-test"
SECRET = "a-client-secret-long-enough-for-the-provider"
PID_SECRET = "a-key-for-identity-numbers-" + "k" * 20


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_provider(redirect_uri: str, post_logout_uri: str) -> Iterator[str]:
    """The provider's issuer URL while it runs, keeping the tests' clock."""
    port = _free_port()
    process = subprocess.Popen(
        [
            "node",
            str(ROOT / "tests" / "idporten_provider.mjs"),
            *(str(port), CLIENT, SECRET, redirect_uri, post_logout_uri),
            str(int(as_utc(DEFAULT_MOMENT).timestamp())),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/.well-known/openid-configuration", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(
                        process.stdout.read().decode() if process.stdout else "provider exited"
                    ) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("the provider did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


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

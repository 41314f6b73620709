"""SMS gateways: an HTTP adapter for Norwegian SMS gateways, and a console adapter for development.

The HTTP adapter POSTs JSON in the shape most Norwegian gateways take (source, destination in
E.164, userData) with a bearer key, and treats any answer but 2xx as a failure to retry."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from typing import Protocol

from flask import current_app

log = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not take the message; the outbox retries it later."""


class Gateway(Protocol):
    def send(self, to: str, text: str) -> None: ...


def normalise_number(phone: str) -> str | None:
    """A Norwegian mobile number in E.164 (+47…), or None if it cannot be one."""
    digits = re.sub(r"[\s().-]", "", phone or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"[49]\d{7}", digits):
        return "+47" + digits
    if re.fullmatch(r"\+47[49]\d{7}", digits):
        return digits
    if re.fullmatch(r"\+\d{8,15}", digits):
        return digits
    return None


class ConsoleGateway:
    def send(self, to: str, text: str) -> None:
        log.info("SMS to %s: %s", to, text)


class HttpGateway:
    def __init__(self, url: str, key: str, sender: str, timeout: float = 10) -> None:
        self.url, self.key, self.sender, self.timeout = url, key, sender, timeout

    def send(self, to: str, text: str) -> None:
        payload = json.dumps({"source": self.sender, "destination": to, "userData": text}).encode()
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if not 200 <= response.status < 300:
                    raise SmsError(f"gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise SmsError(f"gateway answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SmsError(f"gateway unreachable: {exc}") from exc


def gateway() -> Gateway:
    config = current_app.config
    if config["SMS_GATEWAY"] == "http":
        return HttpGateway(
            config["SMS_GATEWAY_URL"], config["SMS_GATEWAY_KEY"], config["SMS_SENDER"], config["SMS_TIMEOUT"]
        )
    return ConsoleGateway()

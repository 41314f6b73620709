"""Helpers for the browser tests: log in through the form, as a person would."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import PASSWORD


def log_in(page, base: str, email: str, next_path: str) -> None:
    """Log in through the login form and land on `next_path`."""
    page.goto(f"{base}/login?next={next_path}")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()

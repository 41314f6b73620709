"""`flask respite expire-offers`: close waiting-list offers whose time is up and pass them on.
`flask respite erase-expired`: erase decisions and read-log entries kept past their retention time
(run daily)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from webapp import clock

respite = AppGroup("respite", short_help="Respite.")


@respite.command("expire-offers")
def expire_offers() -> None:
    """Expire open offers that were not taken in time; offer each place to the next in line."""
    from flask import current_app

    from webapp.respite.services import expire_offers as expire

    with current_app.test_request_context("/"):
        count = expire()
    click.echo(f"expired {count} offers")


@respite.command("erase-expired")
def erase_expired() -> None:
    """Erase decisions (with bookings and application) and read-log entries past their retention."""
    from flask import current_app

    from webapp.respite.privacy import erase_expired as erase
    from webapp.respite.privacy import erase_old_reads

    with current_app.test_request_context("/"):
        count = erase(clock.today())
        reads = erase_old_reads(clock.today())
    click.echo(f"erased {count} decisions, {reads} read-log entries")


commands = [respite]

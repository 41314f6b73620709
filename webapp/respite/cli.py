"""`flask respite expire-offers`: close waiting-list offers whose time is up and pass them on."""
from __future__ import annotations

import click

from webapp.respite import bp

bp.cli.short_help = "Respite."


@bp.cli.command("expire-offers")
def expire_offers() -> None:
    """Expire open offers that were not taken in time; offer each place to the next in line."""
    from flask import current_app

    from webapp.respite.services import expire_offers as expire

    with current_app.test_request_context("/"):
        count = expire()
    click.echo(f"expired {count} offers")

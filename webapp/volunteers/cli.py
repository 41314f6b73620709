"""`flask volunteers remind`: the interest reminders alone, now. `flask notify due` (hourly from
cron) sends them too, with every other reminder; the keys make sure nobody gets one twice."""

from __future__ import annotations

import click
from flask.cli import AppGroup

volunteers = AppGroup("volunteers", help="Volunteers.")


@volunteers.command("remind")
def remind() -> None:
    """Remind coordinators of interest unanswered for 3 working days (never twice)."""
    from flask import current_app

    from webapp.volunteers.interests import send_reminders

    # Links in the e-mail need the public address of the site, which a cron job does not know.
    with current_app.test_request_context("/", base_url=current_app.config["PUBLIC_URL"]):
        click.echo(f"reminders: {send_reminders()}")


commands = [volunteers]

"""`flask volunteers remind`: run from cron, e.g. every hour on working days."""
from __future__ import annotations

import os

import click
from flask import current_app

from webapp.volunteers import bp


@bp.cli.command("remind")
def remind() -> None:
    """Remind coordinators of interest unanswered for 3 working days (never twice)."""
    from webapp.volunteers.activity import send_reminders

    # Links in the e-mail need the public address of the site, which a cron job does not know.
    base_url = current_app.config.get("PUBLIC_BASE_URL") or os.environ.get(
        "PUBLIC_BASE_URL", "http://localhost:5000")
    with current_app.test_request_context("/", base_url=base_url):
        click.echo(f"reminders: {send_reminders()}")

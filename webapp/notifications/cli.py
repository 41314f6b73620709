import click
from flask import Flask
from flask.cli import AppGroup

from webapp.notifications import dead, services

outbox = AppGroup("outbox", help="The outbox of messages to send.")


@outbox.command("send")
@click.option("--limit", default=500, show_default=True, help="How many messages at most.")
def send(limit: int) -> None:
    """Send the messages that are due (run from cron or a systemd timer)."""
    result = services.send_due(limit=limit)
    click.echo(
        f"sent {result.sent}, failed {result.failed} (of which {result.dead} given up), "
        f"waiting {services.pending_count()}, given up in all {dead.dead_count()}"
    )


notify = AppGroup("notify", help="Reminders.")


@notify.command("due")
def due() -> None:
    """Queue the reminders that are due (each only once) and send the outbox. For cron."""
    queued = services.send_reminders()
    result = services.send_due()
    click.echo(f"reminders {queued}, sent {result.sent}, failed {result.failed}")


commands = [outbox, notify]


def init_app(app: Flask) -> None:
    @app.teardown_request
    def _send_after_request(exc: BaseException | None) -> None:
        if exc is None and app.config.get("OUTBOX_SEND_AFTER_REQUEST"):
            try:
                services.send_due(limit=20)
            except Exception:  # sending must never break the page that caused it
                app.logger.exception("outbox send after request failed")

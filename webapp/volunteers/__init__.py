from flask import Blueprint

bp = Blueprint("volunteers", __name__, template_folder="templates")

from webapp.volunteers import attendance_views, cli, receivers, renewal_views, views  # noqa: E402,F401  (routes, signal receiver, CLI)


@bp.record_once
def _register_interest_reminders(state) -> None:
    """`flask notify due` (hourly from cron) also sends the reminders of unanswered interest."""
    from webapp.notifications.services import register_reminder_source
    from webapp.volunteers.activity import interest_due

    register_reminder_source(state.app, interest_due)

"""Messages a coordinator or an offer's editor writes once to a group: sent through the outbox to
each person in their own standard, on the channels they chose, and kept as a log."""

from flask import Blueprint

bp = Blueprint("messaging", __name__, template_folder="templates")

from webapp.messaging import messaging_views  # noqa: E402,F401  (routes)

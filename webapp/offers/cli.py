"""`flask offers reindex`: recompute the search text of every offer; `flask offers refresh-feeds`:
bring the OpenActive feed items up to date."""

from __future__ import annotations

import click
from flask.cli import AppGroup

offers = AppGroup("offers", help="Offers.")


@offers.command("reindex")
def reindex_command() -> None:
    """Recompute the search text of all offers (after a change to the nn↔nb search stems)."""
    from webapp.offers.services import reindex

    click.echo(f"{reindex()} offers reindexed")


@offers.command("refresh-feeds")
def refresh_feeds_command() -> None:
    """Bring every offer's OpenActive feed items up to date (daily: the coming sessions move on)."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.offers.models import Offer
    from webapp.offers.openactive import refresh
    from webapp.transactions import atomic

    with atomic():
        changed = refresh(db.session, db.session.scalars(select(Offer.id)))
    click.echo(f"{changed} feed items changed")


commands = [offers]

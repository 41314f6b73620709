"""`flask offers reindex`: recompute the search text of every offer."""

from __future__ import annotations

import click
from flask.cli import AppGroup

offers = AppGroup("offers", help="Offers.")


@offers.command("reindex")
def reindex_command() -> None:
    """Recompute the search text of all offers (after a change to the nn↔nb search stems)."""
    from webapp.offers.services import reindex

    click.echo(f"{reindex()} offers reindexed")


commands = [offers]

from functools import lru_cache

from flask import Blueprint

bp = Blueprint("offers", __name__, template_folder="templates")

from webapp.offers import (  # noqa: E402,F401
    api_views,
    openactive,
    openactive_views,
    views,
    views_attendance,
    views_editor,
    views_embed,
)


@bp.app_template_filter("offer_title")
def offer_title(value: str, kind: str) -> str:
    from flask_babel import get_locale

    return _title(value, kind, str(get_locale()))


@lru_cache(maxsize=256)
def _title(value: str, kind: str, locale: str) -> str:
    from webapp.offers.models import Category, JoinMode, Status, TargetGroup, WalkingAid

    enum = {
        "category": Category,
        "status": Status,
        "join_mode": JoinMode,
        "target_group": TargetGroup,
        "walking_aid": WalkingAid,
    }[kind]
    try:
        return enum(value).title
    except ValueError:
        return value


@bp.app_template_filter("schedule_text")
def schedule_text(offer) -> str:
    from webapp.offers.services import schedule_text as text

    return text(offer)


@bp.cli.command("reindex")
def reindex_command() -> None:
    """Recompute the search text of all offers (after a change to the nn↔nb search stems)."""
    import click

    from webapp.offers.services import reindex

    click.echo(f"{reindex()} offers reindexed")


@bp.cli.command("refresh-feeds")
def refresh_feeds_command() -> None:
    """Bring every offer's OpenActive feed items up to date (daily: the coming sessions move on)."""
    import click
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.offers.models import Offer
    from webapp.offers.openactive import refresh
    from webapp.transactions import atomic

    with atomic():
        changed = refresh(db.session, db.session.scalars(select(Offer.id)))
    click.echo(f"{changed} feed items changed")

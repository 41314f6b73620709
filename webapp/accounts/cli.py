"""`flask accounts revoke-access EMAIL`: take access roles away from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from webapp.accounts.models import Role

accounts = AppGroup("accounts", help="Accounts and access.")


@accounts.command("revoke-access")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), help="Only this role (default: every access role).")
@click.option("--municipality", "slug", help="Only in this municipality (its slug, e.g. vestre-toten).")
def revoke_access(email: str, role: str | None, slug: str | None) -> None:
    """Take access roles (and the units that hang on them) away from a person, at once."""
    from webapp.accounts.roles import revoke_by_email
    from webapp.accounts.services import AccountError
    from webapp.municipalities.services import get_by_slug

    municipality = get_by_slug(slug) if slug else None
    if slug and municipality is None:
        raise click.ClickException(f"no municipality {slug}")
    try:
        revoked = revoke_by_email(email, Role(role) if role else None, municipality.id if municipality else None)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    for item in revoked:
        click.echo(f"removed {item.role.value} ({item.municipality.slug if item.municipality else 'everywhere'})")
    click.echo(f"revoked {len(revoked)} roles from {email}")


commands = [accounts]

"""`flask demo load`: demo data for every domain, safe to run again. `flask check`: are the
settings fit for production?"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

demo = AppGroup("demo", help="Demo data.")


@demo.command("load")
def load() -> None:
    """Create or update the demo municipalities, units, people and content."""
    from webapp import demo_data

    if current_app.config["APP_ENV"] == "production":
        # The demo people include an administrator whose password is in the README.
        raise click.ClickException("demo data is never loaded in production (APP_ENV=production)")
    for line in demo_data.load_all():
        click.echo(line)


@click.command("check")
def check() -> None:
    """Print what is missing or unsafe in the settings for production; exit 1 if the app would
    refuse to start. Reads the environment only, so it runs when the app itself will not."""
    from webapp import config

    settings = config.from_environment()
    found = config.problems({name: getattr(settings, name) for name in dir(settings) if name.isupper()})
    for problem in found:
        click.echo(f"{'error' if problem.fatal else 'warning'}: {problem.setting} {problem.message}")
    if any(problem.fatal for problem in found):
        raise click.exceptions.Exit(1)
    click.echo("The settings are fit for production." + (" Read the warnings." if found else ""))


# `check` is not among them: it is a plugin command (pyproject.toml, "flask.commands"), so that it
# runs when the app itself refuses to start.
commands = [demo]

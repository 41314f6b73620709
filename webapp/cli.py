"""`flask demo load`: demo data for every domain, safe to run again."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

demo = AppGroup("demo", help="Demo data.")


@demo.command("load")
def load() -> None:
    """Create or update the demo municipalities, units, people and content."""
    from webapp import demo_data

    for line in demo_data.load_all():
        click.echo(line)


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)

"""CLI commands, reminder sources and template filters are each registered one way, in the app
factory: this lists what is registered, and finds any registration made elsewhere."""

import re
from pathlib import Path

import webapp
from webapp import template_filters

ROOT = Path(webapp.__file__).parent


def test_the_command_groups_and_their_commands(app):
    registered = {name: sorted(getattr(group, "commands", {})) for name, group in app.cli.commands.items()}
    assert registered.pop("db")  # Flask-Migrate's own
    assert registered == {
        "accounts": ["revoke-access"],
        "demo": ["load"],
        "notify": ["due"],
        "offers": ["refresh-feeds", "reindex"],
        "outbox": ["send"],
        "respite": ["erase-expired", "expire-offers"],
        "volunteers": ["remind"],
    }


def test_the_commands_run_under_their_old_names(app):
    result = app.test_cli_runner().invoke(args=["offers", "reindex"])
    assert result.exit_code == 0 and "offers reindexed" in result.output
    result = app.test_cli_runner().invoke(args=["respite", "--help"])
    assert "expire-offers" in result.output and "erase-expired" in result.output


def test_the_reminder_sources(app):
    assert [f"{source.__module__}.{source.__name__}" for source in app.extensions["reminder_sources"]] == [
        "webapp.volunteers.interests.interest_due",
        "webapp.offers.reminders.due",
        "webapp.volunteers.reminders.due",
        "webapp.volunteers.reconfirm.due",
        "webapp.respite.reconfirm.due",
        "webapp.volunteers.renewals.due",
    ]


def test_the_template_filters(app):
    assert sorted(template_filters.FILTERS) == [
        "clock",
        "date_long",
        "date_short",
        "datetime_long",
        "greeting",
        "in_standard",
        "month_name",
        "number",
        "offer_title",
        "role_title",
        "schedule_text",
        "unlinked",
        "vol_number",
    ]
    for name, function in template_filters.FILTERS.items():
        assert app.jinja_env.filters[name] is function


ELSEWHERE = re.compile(
    r"\.cli\.command\(|app_template_filter|add_template_filter|jinja_env\.filters\[|register_reminder_source\(app"
)


def test_nothing_is_registered_elsewhere():
    allowed = {ROOT / "__init__.py", ROOT / "template_filters.py", ROOT / "notifications" / "services.py"}
    found = [
        f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}"
        for path in sorted(ROOT.rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ELSEWHERE.search(line)
    ]
    assert found == []

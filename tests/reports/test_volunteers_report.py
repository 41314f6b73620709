"""The volunteers report is the centre's statistics: per month and for the whole period, the
active volunteers, approved hours, tasks done and the median time to answer interest, on the page
and in the CSV (the figures the coordinator's old statistics page showed)."""

from datetime import date

from tests.factories import login, make_user
from tests.reports.conftest import oslo
from tests.reports.test_volunteer_figures import _hours, _interest
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.volunteers import services


def test_the_report_shows_every_figure_per_month_and_for_the_period(client, municipalities):
    services.ensure_roles()
    m = municipalities["oystre-slidre"]
    anne, bjorn = make_volunteer(m), make_volunteer(m)
    task, other_task = make_task(m), make_task(m)
    _hours(anne, task, date(2026, 1, 31), 90)
    _hours(bjorn, task, date(2026, 1, 2), 60)
    _hours(bjorn, other_task, date(2026, 2, 1), 30)
    _interest(anne, oslo(date(2026, 1, 5)), 2)
    _interest(bjorn, oslo(date(2026, 1, 6)), 5)
    _interest(bjorn, oslo(date(2026, 2, 2)), 10)
    db.session.commit()
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=m, locale="nn"))
    query = "start=2026-01&end=2026-02"
    lines = client.get(f"/{m.slug}/reports/volunteers.csv?{query}").get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[1:] == ["2026-01;2;2,5;1;3,5", "2026-02;1;0,5;1;10", "2026-01–2026-02;2;3;2;5"]
    assert len(lines[0].split(";")) == 5  # month, active volunteers, approved hours, tasks done, median answer
    page = client.get(f"/{m.slug}/reports/volunteers?{query}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "3,5" in text and "10" in text

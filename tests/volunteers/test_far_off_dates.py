"""A task dated in a far-off year is refused next to its date, never a 500 (the date arithmetic
overflows before year 1 and after 9999)."""

import pytest

from tests.factories import login
from tests.volunteers.conftest import make_task
from tests.volunteers.test_editing import _form


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_task_dated_in_a_far_off_year_is_refused_next_to_the_date(client, ctx, oystre, coordinator, day):
    task = make_task(oystre)
    login(client, coordinator)
    response = client.post(f"/oystre-slidre/volunteer/coordinator/tasks/{task.id}/edit", data=_form(task, day=day))
    assert response.status_code == 400
    assert "Skriv datoen i «Dato» som dag, månad og år" in response.get_data(as_text=True)
    response = client.post("/oystre-slidre/volunteer/coordinator/tasks/new", data=_form(task, day=day))
    assert response.status_code == 400

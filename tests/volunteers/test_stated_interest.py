"""A volunteer who has said they want a task ("Meld interesse") counts for more in its ranking, and
the coordinator sees it as a tag among the candidates."""

from __future__ import annotations

import numpy as np
import pytest

from tests.factories import login
from tests.volunteers.conftest import make_task, make_volunteer
from tests.volunteers.test_matching import pool, task
from webapp.volunteers import interests, matching, tasks

COORD = "/oystre-slidre/volunteer/coordinator"


def test_stated_interest_is_a_weight_of_its_own_in_the_one_score():
    assert matching.WEIGHTS["stated_interest"] > 0
    assert sum(w for w in matching.WEIGHTS.values() if w > 0) == 100
    p = pool(2)
    keen = task(interested=np.array([False, True]))
    assert matching.components(keen, p)[0]["stated_interest"].tolist() == [0.0, 1.0]
    totals = matching.scores(keen, p)
    assert totals[1] - totals[0] == pytest.approx(matching.WEIGHTS["stated_interest"])
    assert matching.rank(keen, p).tolist() == [1, 0]
    # Nobody has said anything: the component is zero for all.
    assert matching.components(task(), p)[0]["stated_interest"].tolist() == [0.0, 0.0]


def test_the_interested_volunteer_ranks_above_an_otherwise_equal_one(ctx, oystre):
    first = make_volunteer(oystre)
    keen = make_volunteer(oystre)
    job = make_task(oystre)
    before = tasks.candidates(job, limit=None)
    assert [c.volunteer.id for c in before] == [first.id, keen.id]  # equal: the older first
    assert before[0].total == before[1].total

    interests.express_interest(keen, task_id=job.id)
    ranked = tasks.candidates(job, limit=None)
    assert [c.volunteer.id for c in ranked] == [keen.id, first.id]
    assert ranked[0].interested and not ranked[1].interested
    assert ranked[0].points["stated_interest"] == matching.WEIGHTS["stated_interest"]
    assert ranked[0].total - ranked[1].total == pytest.approx(matching.WEIGHTS["stated_interest"])


def test_interest_in_another_task_or_answered_no_does_not_count(ctx, oystre):
    first = make_volunteer(oystre)
    keen = make_volunteer(oystre)
    job = make_task(oystre)
    other = make_task(oystre, title="Handletur")
    interests.express_interest(keen, task_id=other.id)
    assert [c.volunteer.id for c in tasks.candidates(job, limit=None)] == [first.id, keen.id]

    interest = interests.express_interest(keen, task_id=job.id)
    interests.answer_interest(interest, False)
    ranked = tasks.candidates(job, limit=None)
    assert [c.volunteer.id for c in ranked] == [first.id, keen.id]
    assert not any(c.interested for c in ranked)


def test_the_ranking_shows_who_has_expressed_interest(client, oystre, coordinator):
    make_volunteer(oystre)
    keen = make_volunteer(oystre)
    job = make_task(oystre)
    interests.express_interest(keen, task_id=job.id)
    login(client, coordinator)
    page = client.get(f"{COORD}/tasks/{job.id}").get_data(as_text=True)
    assert page.count("Har meldt interesse") == 1
    rows = page.split("<tbody>")[1].split("</tr>")
    assert keen.user.name in rows[0] and "Har meldt interesse" in rows[0]
    assert "Interesse for dette oppdraget" in page  # the column of its points

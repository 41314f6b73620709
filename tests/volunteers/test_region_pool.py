"""A shared pool in a region: a task shared with the region reaches the volunteers of the other
municipalities of the region only where both sides share, and each centre keeps its own facts."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.municipalities.models import Region
from webapp.municipalities.services import set_shares_with_region, sharing_partners
from webapp.notifications.models import OutboxMessage
from webapp.volunteers import attendance, claims, proposals, region_pool, tasks
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import Assignment, AssignmentState, HourLog, HourStatus, TaskStatus

COORD = "/oystre-slidre/volunteer/coordinator"


@pytest.fixture
def nord(municipalities, roles):
    return municipalities["nord-aurdal"]


@pytest.fixture
def gausdal_elsewhere(municipalities, roles):
    """Gausdal in a region of its own, sharing."""
    gausdal = municipalities["gausdal"]
    region = Region(slug="gudbrandsdalen", name="Gudbrandsdalen")
    db.session.add(region)
    db.session.flush()
    gausdal.region_id = region.id
    db.session.commit()
    set_shares_with_region(gausdal, True)
    return gausdal


def shared_task(municipality, **overrides):
    task = make_task(municipality, **overrides)
    region_pool.set_shared_with_region(task, True)
    return task


def ids(found) -> set[int]:
    return {c.volunteer.id for c in found}


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_partners_are_the_sharing_municipalities_of_the_same_region(ctx, oystre, nord, toten, gausdal_elsewhere):
    assert sharing_partners(oystre) == []
    set_shares_with_region(oystre, True)
    assert sharing_partners(oystre) == []  # Nord-Aurdal does not share yet
    assert sharing_partners(nord) == []
    set_shares_with_region(nord, True)
    assert sharing_partners(oystre) == [nord]
    assert sharing_partners(nord) == [oystre]
    set_shares_with_region(toten, True)  # no region at all
    assert sharing_partners(toten) == []
    assert gausdal_elsewhere not in sharing_partners(oystre)
    assert sharing_partners(gausdal_elsewhere) == []
    set_shares_with_region(oystre, False)
    assert sharing_partners(nord) == []


def test_a_task_is_shared_only_where_the_municipality_shares(ctx, oystre, nord):
    task = make_task(oystre)
    with pytest.raises(VolunteerError):
        region_pool.set_shared_with_region(task, True)
    assert not task.shared_with_region
    set_shares_with_region(oystre, True)
    assert region_pool.set_shared_with_region(task, True).shared_with_region


def test_a_shared_task_ranks_and_asks_a_partners_volunteer(ctx, oystre, nord):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    own = make_volunteer(oystre)
    partner = make_volunteer(nord)
    task = shared_task(oystre)
    found = {c.volunteer.id: c for c in tasks.candidates(task)}
    assert set(found) == {own.id, partner.id}
    assert found[partner.id].partner and not found[own.id].partner
    assert "no_shows" not in found[partner.id].points and "load" not in found[partner.id].points
    assert "no_shows" in found[own.id].points and "load" in found[own.id].points
    assert region_pool.volunteer_for_task(task, partner.id) == partner
    assignment = proposals.propose(task, partner)
    assert assignment.state == AssignmentState.PROPOSED
    assert assignment.volunteer_id == partner.id


def test_the_same_hard_rules_hold_for_a_partners_volunteer(ctx, oystre, nord):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    no_car = make_volunteer(nord, has_car=False)
    task = shared_task(oystre, needs_car=True)
    assert no_car.id not in ids(tasks.candidates(task))
    with pytest.raises(VolunteerError):
        proposals.propose(task, no_car)


@pytest.mark.parametrize("closed", ["task", "home", "partner"])
def test_not_shared_on_one_side_is_not_seen(ctx, oystre, nord, closed):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    partner = make_volunteer(nord)
    task = shared_task(oystre)
    claims.set_open_to_claim(task, True)
    if closed == "task":
        region_pool.set_shared_with_region(task, False)
    else:
        set_shares_with_region(oystre if closed == "home" else nord, False)
    assert partner.id not in ids(tasks.candidates(task, limit=None))
    assert region_pool.volunteer_for_task(task, partner.id) is None
    with pytest.raises(VolunteerError):
        proposals.propose(task, partner)
    assert task not in claims.claimable_tasks(partner)
    with pytest.raises(VolunteerError):
        claims.claim(partner, task)


def test_another_region_is_not_seen(ctx, oystre, gausdal_elsewhere):
    set_shares_with_region(oystre, True)
    outsider = make_volunteer(gausdal_elsewhere)
    task = shared_task(oystre)
    claims.set_open_to_claim(task, True)
    assert outsider.id not in ids(tasks.candidates(task, limit=None))
    with pytest.raises(VolunteerError):
        proposals.propose(task, outsider)
    assert claims.claimable_tasks(outsider) == []
    assert region_pool.task_to_claim(gausdal_elsewhere, task.id) is None


def test_a_partners_volunteer_claims_a_shared_open_task(ctx, oystre, nord):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    partner = make_volunteer(nord)
    task = shared_task(oystre)
    claims.set_open_to_claim(task, True)
    assert claims.claimable_tasks(partner) == [task]
    assert region_pool.task_to_claim(nord, task.id) == task
    assignment = claims.claim(partner, task)
    assert assignment.volunteer_id == partner.id
    assert task.status == TaskStatus.FILLED


# Through the pages.


def test_coordinator_turns_sharing_on_and_shares_a_task(app, oystre, nord, coordinator):
    client = signed_in(app, coordinator)
    page = client.get(f"{COORD}/renewals").get_data(as_text=True)
    assert 'id="region-pool"' in page and 'name="shares_with_region"' in page
    task = make_task(oystre)
    assert 'id="shared-with-region"' not in client.get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
    assert client.post(f"{COORD}/region-pool", data={"shares_with_region": "y"}).status_code == 302
    db.session.expire_all()
    assert oystre.shares_with_region
    assert 'id="shared-with-region"' in client.get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
    assert client.post(f"{COORD}/tasks/{task.id}/shared", data={"shared": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(task), task.id).shared_with_region
    assert client.post(f"{COORD}/region-pool", data={}).status_code == 302
    db.session.expire_all()
    assert not oystre.shares_with_region


def test_a_municipality_without_a_region_has_no_sharing(app, toten):
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten)
    client = signed_in(app, coordinator)
    page = client.get("/vestre-toten/volunteer/coordinator/renewals").get_data(as_text=True)
    assert 'id="region-pool"' not in page
    response = client.post("/vestre-toten/volunteer/coordinator/region-pool", data={"shares_with_region": "y"})
    assert response.status_code == 404


def test_each_centre_sees_only_what_it_should(app, oystre, nord, coordinator):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    partner = make_volunteer(nord)
    earlier = make_task(nord, title="Tidlegare oppdrag i Nord-Aurdal")
    db.session.add(
        HourLog(
            volunteer_id=partner.id,
            task_id=earlier.id,
            day=earlier.starts_at.date(),
            minutes=90,
            note="Privat merknad frå Nord-Aurdal",
            status=HourStatus.APPROVED,
        )
    )
    db.session.commit()
    task = shared_task(oystre)
    client = signed_in(app, coordinator)
    page = client.get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
    assert f'data-partner="{nord.slug}"' in page
    assert 'id="partner-note"' in page
    assert f"/volunteer/coordinator/volunteers/{partner.id}" not in page
    assert "Privat merknad frå Nord-Aurdal" not in page
    assert "Tidlegare oppdrag i Nord-Aurdal" not in page
    # The partner's own page stays with their centre.
    assert client.get(f"{COORD}/volunteers/{partner.id}").status_code == 404
    assert client.get(f"/nord-aurdal/volunteer/coordinator/volunteers/{partner.id}").status_code == 403
    # The request goes out from the task's centre.
    response = client.post(f"{COORD}/tasks/{task.id}/propose", data={"volunteer_id": partner.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert [a.volunteer_id for a in db.session.get(type(task), task.id).assignments] == [partner.id]


def test_the_partner_coordinator_cannot_open_the_other_centres_pages(app, oystre, nord):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    own = make_volunteer(oystre)
    task = shared_task(oystre)
    partner_coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=nord)
    client = signed_in(app, partner_coordinator)
    assert client.get(f"{COORD}/tasks/{task.id}").status_code == 403
    assert client.get(f"{COORD}/volunteers/{own.id}").status_code == 403
    assert client.get(f"/nord-aurdal/volunteer/coordinator/tasks/{task.id}").status_code == 404
    assert client.get(f"/nord-aurdal/volunteer/coordinator/volunteers/{own.id}").status_code == 404
    assert (
        client.post(f"/nord-aurdal/volunteer/coordinator/tasks/{task.id}/shared", data={"shared": "0"}).status_code
        == 404
    )


def test_a_partners_volunteer_takes_a_shared_task_on_their_own_page(app, oystre, nord):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    partner = make_volunteer(nord)
    task = shared_task(oystre, title="Delt handletur")
    claims.set_open_to_claim(task, True)
    client = signed_in(app, partner.user)
    page = client.get("/nord-aurdal/volunteer/me/claim").get_data(as_text=True)
    assert f'id="claim-{task.id}"' in page and oystre.name in page
    response = client.post(f"/nord-aurdal/volunteer/me/claim/{task.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(task), task.id).status == TaskStatus.FILLED
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_partners_volunteer_asked_as_substitute_is_sent_to_their_own_claim_list(ctx, oystre, nord):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    first = make_volunteer(oystre)
    partner = make_volunteer(nord)
    task = shared_task(oystre)
    assignment = proposals.propose(task, first)
    assignment.state = AssignmentState.CONFIRMED
    task.status = TaskStatus.FILLED
    db.session.commit()
    assert claims.seek_substitute(assignment) == [partner]
    messages = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == partner.user.email)))
    assert len(messages) == 1 and "/nord-aurdal/volunteer/me/claim" in messages[0].body
    assert claims.claimable_tasks(partner) == [task]


def test_the_home_centre_sees_a_shared_task_on_its_volunteers_page_without_a_dead_link(
    app, clock, oystre, nord, coordinator
):
    set_shares_with_region(oystre, True)
    set_shares_with_region(nord, True)
    partner = make_volunteer(nord)
    task = shared_task(oystre, starts_at=tasks.local_datetime(clock.today - timedelta(days=2), time(10)))
    assignment = Assignment(task_id=task.id, volunteer_id=partner.id, state=AssignmentState.ACCEPTED)
    db.session.add(assignment)
    db.session.commit()
    attendance.mark(assignment, coordinator, attendance.first_day(task), False)
    home = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=nord)
    response = signed_in(app, home).get(f"/nord-aurdal/volunteer/coordinator/volunteers/{partner.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-came="no"' in page
    assert f"/tasks/{task.id}" not in page

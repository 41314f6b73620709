"""A coordinator changes a task: requirements still hold for whoever has it, and a new time is told."""

from datetime import timedelta

from sqlalchemy import select

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.clock import local
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.volunteers.models import Assignment, Task


def _form(task, **overrides) -> dict:
    starts = local(task.starts_at)
    data = {
        "kind": task.kind,
        "role": task.role_code,
        "title": task.title,
        "day": starts.date().isoformat(),
        "start": starts.strftime("%H:%M"),
        "duration_minutes": str(task.duration_minutes),
        "place": "",
        "address": task.address,
        "language": "",
        "person_name": task.person_name,
        "person_phone": task.person_phone,
        "need_to_know": task.need_to_know,
    }
    data.update(overrides)
    return data


def test_a_new_time_is_saved_and_told_to_the_volunteer(client, ctx, oystre, coordinator):
    task = make_task(oystre)
    volunteer = make_volunteer(oystre)
    db.session.add(Assignment(task_id=task.id, volunteer_id=volunteer.id, state="accepted", score=1))
    db.session.commit()
    login(client, coordinator)
    url = f"/oystre-slidre/volunteer/coordinator/tasks/{task.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Endre oppdraget" in page and 'value="Følgje til legen"' in page
    later = local(task.starts_at) + timedelta(hours=2)
    response = client.post(url, data=_form(task, start=later.strftime("%H:%M"), need_to_know="Brukar rullator."))
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Task, task.id)
    assert local(changed.starts_at).hour == later.hour and changed.need_to_know == "Brukar rullator."
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == volunteer.user.email))
    assert mail.subject == "Ny tid eller stad: Følgje til legen"
    client.post(url, data=_form(changed, need_to_know="Ringe på to gonger."))  # not the time: nobody told
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1


def test_a_requirement_the_volunteer_does_not_meet_is_refused(client, ctx, oystre, coordinator):
    task = make_task(oystre)
    volunteer = make_volunteer(oystre, has_car=False)
    db.session.add(Assignment(task_id=task.id, volunteer_id=volunteer.id, state="accepted", score=1))
    db.session.commit()
    login(client, coordinator)
    response = client.post(
        f"/oystre-slidre/volunteer/coordinator/tasks/{task.id}/edit",
        data=_form(task, needs_car="y", title="Køyring til legen"),
    )
    assert response.status_code == 400
    assert "oppfyller ikkje dei nye krava" in response.get_data(as_text=True)
    assert 'value="Køyring til legen"' in response.get_data(as_text=True)  # the form keeps what was typed
    db.session.expire_all()
    unchanged = db.session.get(Task, task.id)
    assert unchanged.needs_car is False and unchanged.title == "Følgje til legen"


def test_bad_input_and_other_municipalities(client, ctx, oystre, toten, coordinator):
    task = make_task(oystre)
    login(client, coordinator)
    url = f"/oystre-slidre/volunteer/coordinator/tasks/{task.id}/edit"
    for bad in ({"day": "31.02.2026"}, {"duration_minutes": "abc"}, {"role": "nope"}, {"title": ""}):
        assert client.post(url, data=_form(task, **bad)).status_code == 400
    client.post("/logout")
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten))
    assert client.get(url).status_code == 403

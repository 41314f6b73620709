"""A coordinator cancels a task; the volunteers who have it, or were asked, are told."""

from sqlalchemy import select

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.volunteers.models import Assignment, Task


def test_cancelling_tells_those_who_have_or_were_asked_and_nobody_else(client, ctx, oystre, coordinator):
    task = make_task(oystre)
    accepted, asked, declined = (make_volunteer(oystre) for _ in range(3))
    for volunteer, state in ((accepted, "accepted"), (asked, "proposed"), (declined, "declined")):
        db.session.add(Assignment(task_id=task.id, volunteer_id=volunteer.id, state=state, score=1))
    accepted.user.phone = "41234567"
    db.session.commit()
    login(client, coordinator)
    url = f"/oystre-slidre/volunteer/coordinator/tasks/{task.id}"
    assert "Avlys oppdraget" in client.get(url).get_data(as_text=True)
    response = client.post(url + "/cancel", data={"reason": "Knut er på sjukehus."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == "cancelled"
    told = db.session.scalars(select(OutboxMessage)).all()
    assert {m.recipient for m in told} == {accepted.user.email, asked.user.email, "+4741234567"}
    mail = next(m for m in told if m.recipient == accepted.user.email)
    assert mail.subject == "Avlyst: Følgje til legen" and "Knut er på sjukehus." in mail.body
    again = client.post(url + "/cancel", follow_redirects=True)
    assert "Berre opne" in again.get_data(as_text=True)


def test_only_the_municipalitys_coordinator_may_cancel(client, ctx, oystre, toten):
    task = make_task(oystre)
    login(client, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten))
    assert client.post(f"/oystre-slidre/volunteer/coordinator/tasks/{task.id}/cancel").status_code == 403
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == "open"


def test_a_cancelled_sign_up_cancels_its_escort_and_tells_the_volunteer(ctx, oystre):
    from tests.offers.conftest import make_offer
    from webapp.offers import changes, signups

    offer = make_offer(oystre, join_mode="sign_up", capacity=5)
    first, second = changes.coming_sessions(offer, 2)
    kari = signups.sign_up(
        offer.id,
        signups.Person("Kari", "41234567", locale="nn"),
        first.starts_at,
        needs_escort=True,
        escort_note="Brukar rullator.",
    )
    per = signups.sign_up(offer.id, signups.Person("Per", "92345678"), second.starts_at, needs_escort=True)
    kari_task, per_task = (db.session.scalar(select(Task).where(Task.person_name == n)) for n in ("Kari", "Per"))
    escort = make_volunteer(oystre)
    db.session.add(Assignment(task_id=kari_task.id, volunteer_id=escort.id, state="accepted", score=1))
    db.session.commit()
    signups.cancel(kari.id)
    changes.cancel_session(offer, second.starts_at.isoformat())
    db.session.expire_all()
    assert db.session.get(Task, kari_task.id).status == "cancelled"
    assert db.session.get(Task, per_task.id).status == "cancelled"
    assert db.session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.recipient == escort.user.email, OutboxMessage.subject.startswith("Avlyst")
        )
    )
    assert db.session.get(type(per), per.id).status == "cancelled"


def test_a_yes_by_the_link_after_cancelling_does_not_revive_the_task(client, ctx, oystre, coordinator):
    from webapp.volunteers import cancelling, proposals, tasks

    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    proposals.propose(task, volunteer)
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == volunteer.user.email)).one()
    path = (
        next(line for line in message.body.splitlines() if "/volunteer/answer/" in line)
        .strip()
        .split("localhost", 1)[1]
    )
    cancelling.cancel_task(task)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400 and "ikkje ledig lenger" in response.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(Task, task.id)
    assert stored.status == "cancelled" and stored.assignments[0].state == "proposed"
    # A cancelled task is no load on the volunteer's month either.
    stored.assignments[0].state = "accepted"
    db.session.commit()
    assert tasks.load_hours([volunteer.id], tasks.utcnow())[volunteer.id] == 0
    login(client, coordinator)
    assert "<td>Avlyst</td>" in client.get("/oystre-slidre/volunteer/coordinator/tasks").get_data(as_text=True)

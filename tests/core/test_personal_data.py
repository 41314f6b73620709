"""Export and erasure cover the whole schema: every table is exported and erased, kept by law, or
holds nobody, and after /profile/erase no column of any table still names the person."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import JSON, Column, ForeignKey, Integer, MetaData, String, Table, Text, select

from tests.factories import login, make_user
from tests.offers.conftest import make_offer
from tests.respite.conftest import make_decision, make_respite_unit
from tests.volunteers.conftest import make_task
from webapp import personal_data
from webapp.accounts.models import Role, User
from webapp.clock import today as oslo_today
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications import services as notifications
from webapp.offers import signups
from webapp.offers.services import next_sessions
from webapp.respite import office
from webapp.respite import services as respite
from webapp.respite.models import WaitingListEntry
from webapp.volunteers import services as volunteers
from webapp.volunteers.models import Assignment, AssignmentState, HourLog, Interest, Task, VolunteerStatus

NAME = "Ingrid Kvitfjellstad"
EMAIL = "ingrid.kvitfjellstad@example.org"
PHONE = "912 34 567"
# Who she is: none of it may be left but in a table the law keeps.
IDENTITY = {"name": NAME, "surname": "Kvitfjellstad", "email": EMAIL, "phone": "91234567"}
# What she wrote: it goes with the account, from every table.
WRITTEN = {
    "escort note": "Brukar rullator og treng hjelp i trappa",
    "skills": "Strikkar og spelar trekkspel",
    "interest": "Eg kan køyre på tysdagar",
    "hours": "Handla for naboen på Coop",
    "care work": "Mor treng tilsyn om natta",
    "what would help": "Ei helg i månaden utan ansvar",
}


def _walk() -> dict[str, set[str]]:
    """Every text, string and JSON column of every table in the schema: which of her traces it holds."""
    found: dict[str, set[str]] = {}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON))]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for column, value in zip(columns, row, strict=False):
                if value is None:
                    continue
                text = str(value).lower()
                digits = re.sub(r"\D", "", text)
                for what, trace in {**IDENTITY, **WRITTEN}.items():
                    hit = trace in digits if what == "phone" else trace.lower() in text
                    if hit:
                        found.setdefault(table.name, set()).add(f"{column.name}: {what}")
    return found


@pytest.fixture
def person(ctx, municipalities):
    """Ingrid has done everything: signed up for offers before and after registering (with an
    escort), is a volunteer with a task, hours and a message, a relative with a decision, a booking,
    a place on the waiting list and an application, and a coordinator wrote a task about her."""
    m = municipalities["oystre-slidre"]
    volunteers.ensure_roles()
    db.session.commit()
    make_user(roles=((Role.VOLUNTEER_COORDINATOR, m),), municipality=m, locale="nn")
    series = make_offer(m, join_mode="sign_up", capacity=10)
    single = make_offer(m, join_mode="sign_up", capacity=10)
    signups.sign_up(
        single.id,
        signups.Person(name="Ingrid K.", phone=PHONE, email=EMAIL, locale="nn"),
        next_sessions(single, 1)[0].starts_at,
    )
    user = make_user(name=NAME, email=EMAIL, phone=PHONE, locale="nn", municipality=m)
    notifications.save_preferences(user.id, email=True, sms=True, reminders=True)
    signups.sign_up(
        series.id,
        signups.Person(name=NAME, phone=PHONE, email=EMAIL, user_id=user.id, locale="nn"),
        needs_escort=True,
        escort_note=WRITTEN["escort note"],
    )
    make_task(m, title="Tur med Ingrid", person_name=NAME, person_phone=PHONE, need_to_know="Går seint.")

    volunteers.sign_up(
        user,
        m,
        volunteers.SignUp(
            roles=["escort"],
            skills=WRITTEN["skills"],
            languages=["nb"],
            place_id=None,
            max_travel_km=10,
            has_car=False,
            has_licence=False,
            wants="both",
            birth_year=1970,
            consent=True,
            slots=[volunteers.Slot(1, 8 * 60, 12 * 60)],
        ),
    )
    volunteer = volunteers.volunteer_of(user, m)
    volunteer.status = VolunteerStatus.APPROVED
    ahead = make_task(m, title="Besøk på Heggenes")
    done = make_task(m, title="Handling", starts_at=utcnow() - timedelta(days=3))
    db.session.add_all(
        [
            Assignment(task=ahead, volunteer=volunteer, state=AssignmentState.ACCEPTED),
            Assignment(task=done, volunteer=volunteer, state=AssignmentState.ACCEPTED),
            Interest(volunteer=volunteer, role_code="driver", message=WRITTEN["interest"]),
            HourLog(volunteer=volunteer, task=done, day=date.today(), minutes=90, note=WRITTEN["hours"]),
        ]
    )
    db.session.commit()

    unit = make_respite_unit(m)
    office.apply(
        user,
        m,
        office.ApplicationData(
            receiver_name="Mor Kvitfjellstad",
            receiver_birth_year=1941,
            relation="dotter",
            care_work=WRITTEN["care work"],
            hours_per_week="20-40",
            what_would_help=WRITTEN["what would help"],
            kind_wanted="institution",
            consent="self",
            consent_by=NAME,
        ),
    )
    decision = make_decision(m, [unit], [user])
    decision.relatives[0].consent_given_by = NAME  # the health record keeps who consented
    db.session.commit()
    today = oslo_today()
    respite.book(user, decision.id, unit.id, today + timedelta(days=10), today + timedelta(days=12))
    db.session.add(
        WaitingListEntry(
            decision_id=decision.id, respite_unit_id=unit.id, user_id=user.id, day=today + timedelta(days=20)
        )
    )
    db.session.commit()
    return user


def test_export_holds_everything_and_erasure_leaves_nothing_that_names_the_person(client, person):
    before = _walk()
    # What the pen test found left after an erasure: 17 values in these 6 tables.
    for table in ("offer_signups", "offer_escort_requests", "volunteer_tasks", "volunteers", "outbox_messages"):
        assert table in before, table
    assert db.session.get(notifications.ContactPreference, person.id) is not None

    login(client, person)
    exported = client.get("/profile/export").get_json()
    assert exported["account"]["email"] == EMAIL
    assert {(s["name"], s["email"]) for s in exported["offers"]["signups"]} == {("Ingrid K.", EMAIL), (NAME, EMAIL)}
    assert {(t["person_name"], t["need_to_know"]) for t in exported["volunteers"]["tasks_about_you"]} == {
        (NAME, WRITTEN["escort note"]),
        (NAME, "Går seint."),
    }
    assert {m["to"] for m in exported["messages"]["messages"]} == {EMAIL, "+4791234567"}
    assert exported["messages"]["contact_preferences"] == {"email": True, "sms": True, "reminders": True}
    assert len(exported["respite"]["waiting_list"]) == 1
    text = client.get("/profile/export").get_data(as_text=True)
    for what, written in WRITTEN.items():
        assert written in text, what

    assert client.post("/profile/erase").status_code == 302
    db.session.expire_all()
    kept = personal_data.kept_tables()
    left = {
        table: sorted(hits)
        for table, hits in _walk().items()
        if table not in kept or any(hit.split(": ")[1] in WRITTEN for hit in hits)
    }
    assert left == {}, f"still there after erasure: {left}"
    # What the law keeps does name her: the consent on the decision.
    assert "respite_decision_relatives" in _walk()
    assert db.session.get(notifications.ContactPreference, person.id) is None
    # The coordinators were told a volunteer stopped, without her name; her task is open again.
    told = db.session.scalars(
        select(notifications.OutboxMessage).where(notifications.OutboxMessage.subject.contains("***"))
    ).all()
    assert told and all(NAME not in m.body for m in told)
    assert db.session.scalar(select(Task).where(Task.title == "Besøk på Heggenes")).status == "open"
    user = db.session.get(User, person.id)
    assert not user.is_active and user.grants == []


def test_every_table_is_exported_and_erased_kept_by_law_or_holds_nobody(app, ctx):
    assert personal_data.problems(db.metadata) == []
    readme = open("README.md", encoding="utf-8").read()
    for table in personal_data.kept_tables():
        assert f"`{table}`" in readme, f"README must say why {table} is kept"


def test_a_new_table_that_names_no_one_in_the_registry_fails(app, ctx):
    schema = MetaData()
    for table in db.metadata.tables.values():
        table.to_metadata(schema)
    Table(
        "volunteer_diaries",
        schema,
        Column("id", Integer, primary_key=True),
        Column("user_id", ForeignKey("users.id")),
        Column("entry", Text),
    )
    assert [p for p in personal_data.problems(schema) if p.startswith("volunteer_diaries")] == [
        "volunteer_diaries: in no list of webapp.personal_data (export and erase it, keep it by law, "
        "or say why it holds nothing about a person)"
    ]
    pretending = personal_data.Part("diaries", not_personal={"volunteer_diaries": "Nothing personal."})
    assert "volunteer_diaries: points at a person, so it cannot be 'not personal'" in personal_data.problems(
        schema, [*personal_data.parts(), pretending]
    )

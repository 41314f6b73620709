"""Messages to a group reach exactly the group, each person on the channels they chose and in
their own standard; the opted-out and other municipalities' people never get them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.mail import body
from tests.messaging.conftest import make_session, make_signup
from tests.volunteers.conftest import make_task
from webapp import clock as app_clock
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.messaging import services
from webapp.messaging.models import Channel, GroupKind, GroupMessage, GroupMessageRecipient
from webapp.notifications.models import OutboxMessage
from webapp.notifications.services import send_due
from webapp.offers.models import SignUpStatus
from webapp.volunteers.models import Assignment, AssignmentState, Volunteer


def by_name(people) -> dict[str, services.Recipient]:
    return {p.name: p for p in people}


def group(municipality, kind, key="") -> services.Group:
    return services.parse_group(municipality, f"{kind}:{key}" if key else kind, tuple(GroupKind))


def test_the_volunteers_of_a_role_each_by_their_own_channels(oystre, escorts):
    people = by_name(services.recipients(group(oystre, "role", "escort")))
    assert set(people) == {"Sigrid Sæter", "Ola Nordmann", "Kari Stille"}
    assert people["Sigrid Sæter"].channel == Channel.BOTH and people["Sigrid Sæter"].locale == "nn"
    assert people["Sigrid Sæter"].phone == "+4791234567"
    assert people["Ola Nordmann"].channel == Channel.EMAIL and people["Ola Nordmann"].locale == "nb"
    assert people["Kari Stille"].channel == Channel.NONE
    assert services.preview(group(oystre, "role", "escort")) == services.Preview(
        email=2, sms=1, unreachable=1, people=3
    )


def test_sms_only_with_a_mobile_number_and_email_only_with_an_address(oystre, escorts):
    no_email = make_user(municipality=oystre, locale="nb", name="Uten Epost", email="x-1@person.invalid", phone="")
    from tests.volunteers.conftest import make_volunteer

    make_volunteer(oystre, no_email)
    people = by_name(services.recipients(group(oystre, "role", "escort")))
    assert people["Uten Epost"].channel == Channel.NONE


def test_an_area_and_volunteers_not_approved(oystre, escorts):
    heggenes = db.session.scalar(select(Volunteer).where(Volunteer.user_id == escorts["sigrid"].id)).place_id
    assert {p.name for p in services.recipients(group(oystre, "area", str(heggenes)))} == {
        "Sigrid Sæter",
        "Per Besøk",
    }
    paused = db.session.scalar(select(Volunteer).where(Volunteer.user_id == escorts["per"].id))
    paused.status = "paused"
    db.session.commit()
    assert {p.name for p in services.recipients(group(oystre, "area", str(heggenes)))} == {"Sigrid Sæter"}


def test_those_with_a_task_this_week(oystre, escorts, clock):
    # The pinned moment's Oslo week, Monday to Sunday.
    monday = clock.today - timedelta(days=clock.today.weekday())
    this_week = make_task(oystre, starts_at=app_clock.local_datetime(monday + timedelta(days=3), clock.now.time()))
    next_week = make_task(oystre, starts_at=app_clock.local_datetime(monday + timedelta(days=8), clock.now.time()))
    standing = make_task(
        oystre,
        kind="standing",
        starts_at=app_clock.local_datetime(monday - timedelta(days=14), clock.now.time()),
        repeat_until=monday + timedelta(days=30),
    )
    volunteers = {
        name: db.session.scalar(select(Volunteer).where(Volunteer.user_id == escorts[name].id))
        for name in ("sigrid", "ola", "per", "kari")
    }
    for task, who, state in (
        (this_week, "sigrid", AssignmentState.ACCEPTED),
        (next_week, "ola", AssignmentState.ACCEPTED),
        (standing, "per", AssignmentState.CONFIRMED),
        (this_week, "kari", AssignmentState.DECLINED),
    ):
        db.session.add(Assignment(task_id=task.id, volunteer_id=volunteers[who].id, state=state))
    db.session.commit()
    assert {p.name for p in services.recipients(group(oystre, "week"))} == {"Sigrid Sæter", "Per Besøk"}


def test_offer_groups(oystre, offer_groups, clock):
    offer = offer_groups["offer"]
    assert {p.name for p in services.recipients(group(oystre, "offer", str(offer.id)))} == {"Anne Konto", "Bjørn Utan"}
    assert {p.name for p in services.recipients(group(oystre, "waiting", str(offer.id)))} == {"Vera Venter"}
    session = make_session(offer, clock.now + timedelta(days=2))
    other_session = make_session(offer, clock.now + timedelta(days=9))
    make_signup(offer, "Siri Samling", session=session, email="siri@example.no")
    make_signup(offer, "Odd Annan", session=other_session, email="odd@example.no")
    make_signup(offer, "Wenche Venter", session=session, status=SignUpStatus.WAITING, email="w@example.no")
    # One session: those signed up for it, and those signed up for the whole series.
    assert {p.name for p in services.recipients(group(oystre, "session", str(session.id)))} == {
        "Anne Konto",
        "Bjørn Utan",
        "Siri Samling",
    }
    make_signup(offer, "Bjørn Utan", session=session, email="bjorn@example.no")  # also for one session
    assert [p.name for p in services.recipients(group(oystre, "session", str(session.id)))].count("Bjørn Utan") == 1
    people = by_name(services.recipients(group(oystre, "offer", str(offer.id))))
    assert people["Bjørn Utan"].user_id is None and people["Bjørn Utan"].channel == Channel.BOTH
    assert people["Anne Konto"].channel == Channel.BOTH and people["Anne Konto"].locale == "nn"


def test_no_group_of_another_municipality_or_kind(oystre, toten, offer_groups, escorts):
    other = offer_groups["other"]
    for value in (
        f"offer:{other.id}",
        f"waiting:{other.id}",
        "offer:999999",
        "offer:²",
        "session:1",
        "role:nope",
        "area:x",
        "x",
    ):
        with pytest.raises(services.GroupNotFound):
            services.parse_group(oystre, value, tuple(GroupKind))
    with pytest.raises(services.GroupNotFound):  # an editor's kinds
        services.parse_group(oystre, "role:escort", services.allowed_kinds(coordinator=False))
    assert {p.name for p in services.recipients(group(toten, "role", "escort"))} == {"Tone Toten"}


def test_sending_reaches_exactly_the_group_in_each_standard(oystre, escorts, coordinator, smtp, gateway):
    message = services.send(
        group(oystre, "role", "escort"),
        "Julebord",
        "Velkommen til julebord!",
        "Velkomen til julebord!",
        coordinator,
        oystre,
    )
    assert send_due().sent == 3
    sigrid, ola = escorts["sigrid"], escorts["ola"]
    assert sorted(m["To"] for m in smtp.messages) == sorted([sigrid.email, ola.email])
    assert (
        "Velkomen til julebord!" in body(smtp.to(sigrid.email)[0]) and smtp.to(sigrid.email)[0]["Subject"] == "Julebord"
    )
    assert "Velkommen til julebord!" in body(smtp.to(ola.email)[0])
    assert [(sms["destination"], "Velkomen til julebord!" in sms["userData"]) for sms in gateway.received] == [
        ("+4791234567", True)
    ]
    assert not smtp.to(escorts["kari"].email) and not smtp.to(escorts["per"].email)
    assert not smtp.to(escorts["toten"].email)

    logged = db.session.get(GroupMessage, message.id)
    assert (logged.group_kind, logged.group_key, logged.sender_id) == ("role", "escort", coordinator.id)
    rows = {r.user_id: r.channel for r in db.session.scalars(select(GroupMessageRecipient))}
    assert rows == {sigrid.id: "both", ola.id: "email", escorts["kari"].id: "none"}
    assert logged.reached == 2


def test_a_text_in_one_standard_goes_to_all_marked_with_its_standard(oystre, escorts, coordinator, smtp, gateway):
    services.send(group(oystre, "role", "escort"), "Møte", "Møte på tirsdag.", "", coordinator)
    send_due()
    nynorsk = body(smtp.to(escorts["sigrid"].email)[0])
    assert "Møte på tirsdag." in nynorsk and "Denne meldinga er berre skriven på bokmål." in nynorsk
    bokmal = body(smtp.to(escorts["ola"].email)[0])
    assert "Møte på tirsdag." in bokmal and "bare skrevet" not in bokmal
    assert gateway.received[0]["userData"].startswith("(På bokmål) Møte")


def test_nothing_is_sent_without_text_or_without_anyone_to_reach(oystre, escorts, coordinator):
    with pytest.raises(services.MessagingError):
        services.send(group(oystre, "role", "escort"), "Tomt", " ", "", coordinator, oystre)
    with pytest.raises(services.MessagingError):  # nobody is a driver
        services.send(group(oystre, "role", "driver"), "Hei", "Hei", "Hei", coordinator, oystre)
    assert db.session.scalar(select(GroupMessage)) is None and db.session.scalar(select(OutboxMessage)) is None


def test_the_log_is_per_municipality_and_per_kind(oystre, toten, escorts, offer_groups, coordinator):
    offer = offer_groups["offer"]
    to_role = services.send(group(oystre, "role", "escort"), "A", "a", "a", coordinator, oystre)
    to_offer = services.send(group(oystre, "offer", str(offer.id)), "B", "b", "b", coordinator, oystre)
    assert services.sent_messages(oystre, tuple(GroupKind)) == [to_offer, to_role]
    assert services.sent_messages(oystre, services.allowed_kinds(False)) == [to_offer]
    assert services.sent_messages(toten, tuple(GroupKind)) == []
    assert services.get_message(toten, to_role.id, tuple(GroupKind)) is None
    assert services.get_message(oystre, to_role.id, services.allowed_kinds(False)) is None


def test_export_and_erasure(oystre, escorts, coordinator):
    from webapp import personal_data

    services.send(group(oystre, "role", "escort"), "Hei Sigrid Sæter", "Hei", "Hei", coordinator, oystre)
    exported = personal_data.export(escorts["sigrid"])["group_messages"]
    assert [m["subject"] for m in exported["received"]] == ["Hei Sigrid Sæter"]
    assert [m["recipients"] for m in personal_data.export(coordinator)["group_messages"]["written"]] == [3]
    personal_data.erase(escorts["sigrid"])
    assert escorts["sigrid"].id not in {r.user_id for r in db.session.scalars(select(GroupMessageRecipient))}
    assert "Sigrid Sæter" not in {r.name for r in db.session.scalars(select(GroupMessageRecipient))}
    assert db.session.scalar(select(GroupMessage)).subject == "Hei ***"
    personal_data.erase(coordinator)
    assert db.session.scalar(select(GroupMessage)).sender_id is None


def test_editor_role_cannot_be_mistaken_for_coordinator(oystre):
    editor = make_user(roles=(Role.EDITOR,), municipality=oystre)
    assert not editor.has_role(Role.VOLUNTEER_COORDINATOR, oystre)


def test_erasure_takes_the_rows_of_sign_ups_made_without_logging_in(oystre, offer_groups, coordinator):
    from webapp import personal_data

    anne = db.session.get(type(coordinator), offer_groups["anne"].user_id)
    make_signup(offer_groups["offer"], "Anne Konto", email="anne.privat@example.no", locale="nn")  # not logged in
    services.send(group(oystre, "offer", str(offer_groups["offer"].id)), "Hei", "Hei", "Hei", coordinator)
    personal_data.erase(anne)
    assert {r.name for r in db.session.scalars(select(GroupMessageRecipient))} == {"Bjørn Utan"}


def test_a_second_press_of_send_sends_nothing_more(oystre, escorts, coordinator, clock):
    def press():
        return services.send(
            group(oystre, "role", "escort"), "Julebord", "Velkommen!", "Velkomen!", coordinator, oystre
        )

    first = press()
    outbox = db.session.query(OutboxMessage).count()
    assert press().id == first.id  # a double click or a reload
    assert db.session.query(OutboxMessage).count() == outbox
    assert db.session.query(GroupMessage).count() == 1

    clock.shift(services.RESEND_GUARD + timedelta(minutes=1))  # written again later: a new message
    assert press().id != first.id
    assert db.session.query(OutboxMessage).count() == 2 * outbox

from datetime import timedelta

import pytest

from tests.factories import PASSWORD, make_user
from webapp import tokens
from webapp.accounts import services
from webapp.accounts.models import Role, User
from webapp.accounts.passwords import password_problem, verify_password
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage


def outbox_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == address)))


def test_register_hashes_with_argon2_and_queues_confirmation(ctx, municipalities):
    user = services.register(
        email=" Ola@Example.NO ",
        password="et godt passord her",
        name="Ola",
        locale="nn",
        home_municipality_id=municipalities["gausdal"].id,
    )
    assert user.email == "ola@example.no"
    assert user.password_hash.startswith("$argon2")
    assert verify_password(user.password_hash, "et godt passord her")
    assert not user.is_confirmed
    assert user.has_role(Role.CITIZEN)
    [message] = outbox_to("ola@example.no")
    assert message.subject == "Stadfest e-postadressa di"  # in the person's own standard
    assert "/confirm/" in message.body


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("kort", "minst 10"),
        ("x" * 129, "høyst 128"),
        ("passord123", "for vanlig"),
        ("ola@example.no", "for vanlig"),
    ],
)
def test_weak_passwords_are_refused(ctx, password, fragment):
    assert fragment in password_problem(password, "ola@example.no")
    with pytest.raises(services.AccountError):
        services.register(email="ola@example.no", password=password, name="Ola", locale="nb", home_municipality_id=None)
    assert db.session.scalar(db.select(User).where(User.email == "ola@example.no")) is None


def test_registering_a_taken_address_tells_the_owner_not_the_stranger(ctx):
    owner = make_user(email="kari@example.no", locale="nb")
    result = services.register(
        email="KARI@example.no", password="et godt passord her", name="Noen", locale="nb", home_municipality_id=None
    )
    assert result is None
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
    [notice] = outbox_to(owner.email)
    assert "prøvde å registrere" in notice.body


def test_confirmation_link_works_once(ctx):
    user = services.register(
        email="per@example.no", password="et godt passord her", name="Per", locale="nb", home_municipality_id=None
    )
    token = tokens.make_token(services.CONFIRM, {"id": user.id, "email": user.email})
    assert services.confirm_email(token).is_confirmed
    with pytest.raises(services.AccountError, match="allerede brukt"):
        services.confirm_email(token)


def test_confirmation_link_expires(ctx, app, monkeypatch):
    user = make_user(email_confirmed_at=None)
    token = tokens.make_token(services.CONFIRM, {"id": user.id, "email": user.email})
    monkeypatch.setitem(app.config, "CONFIRM_MAX_AGE", -1)
    with pytest.raises(services.AccountError, match="ikke lenger gyldig"):
        services.confirm_email(token)


def test_tampered_or_wrong_purpose_link_is_refused(ctx):
    user = make_user()
    reset_token = tokens.make_token(services.RESET, {"id": user.id, "p": 0})
    with pytest.raises(services.AccountError, match="ikke gyldig"):
        services.confirm_email(reset_token)
    with pytest.raises(services.AccountError, match="ikke gyldig"):
        services.reset_password(reset_token[:-2] + "xx", "et nytt godt passord")


def test_authenticate_same_answer_for_unknown_and_wrong_password(ctx):
    user = make_user()
    assert services.authenticate(user.email, "et langt testpassord") == user
    assert services.authenticate(user.email, "feil passord!!") is None
    assert services.authenticate("ingen@example.no", "feil passord!!") is None


def test_reset_request_says_nothing_and_sends_only_to_real_accounts(ctx):
    user = make_user()
    services.request_password_reset("ingen@example.no")
    services.request_password_reset(user.email.upper())
    assert outbox_to("ingen@example.no") == []
    [message] = outbox_to(user.email)
    assert "/reset-password/" in message.body


def test_reset_token_single_use_and_expiry(ctx, app, monkeypatch, clock):
    user = make_user()
    services.request_password_reset(user.email)
    token = outbox_to(user.email)[0].body.split("/reset-password/")[1].split()[0]
    services.reset_password(token, "et helt nytt passord")
    assert services.authenticate(user.email, "et helt nytt passord") == user
    with pytest.raises(services.AccountError):
        services.reset_password(token, "enda et nytt passord")

    clock.shift(timedelta(minutes=2))  # a second reset e-mail goes out after a minute at the soonest
    services.request_password_reset(user.email)
    assert len(outbox_to(user.email)) == 2
    token = outbox_to(user.email)[-1].body.split("/reset-password/")[1].split()[0]
    monkeypatch.setitem(app.config, "RESET_MAX_AGE", -1)
    with pytest.raises(services.AccountError, match="ikke lenger gyldig"):
        services.check_reset_token(token)


def test_profile_email_change_waits_for_confirmation(ctx, municipalities):
    user = make_user(email="gammal@example.no")
    services.update_profile(
        user,
        services.ProfileData(
            name="Nytt Namn", phone="912 34 567", locale="nn", home_municipality_id=municipalities["oystre-slidre"].id
        ),
    )
    services.request_email_change(user, PASSWORD, "ny@example.no")
    assert user.email == "gammal@example.no" and user.pending_email == "ny@example.no"
    token = outbox_to("ny@example.no")[0].body.split("/confirm/")[1].split()[0]
    services.confirm_email(token)
    assert user.email == "ny@example.no" and user.pending_email is None
    assert user.name == "Nytt Namn" and user.locale == "nn"


def test_export_and_erase(ctx):
    user = make_user(name="Liv Eksport", phone="91234567")
    exported = services.export_data(user)
    assert "Liv Eksport" in exported and user.email in exported
    services.erase_account(user)
    assert user.name == "" and user.phone == "" and not user.is_active
    assert services.authenticate(f"erased-{user.id}@invalid", "et langt testpassord") is None
    assert user.erased_at is not None and user.created_at - timedelta(days=1) < user.erased_at


def test_production_hashes_passwords_at_argon2s_full_strength():
    """Tests use cheap hashing; production must not."""
    from flask import Flask

    from webapp.accounts.passwords import hash_password
    from webapp.config import ProductionConfig

    app = Flask(__name__)
    app.config.from_object(ProductionConfig)
    with app.app_context():
        assert "$m=65536,t=3,p=4$" in hash_password("et langt passord her")

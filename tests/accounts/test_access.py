"""Taking access away: the administrators' page and `flask accounts revoke-access`. A role taken
away is gone on the person's next request."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.factories import login, make_user
from tests.respite.conftest import make_respite_unit, make_staff
from webapp.accounts.models import Role, RoleGrant
from webapp.extensions import db
from webapp.respite.models import StaffUnit

COORDINATOR_PAGE = "/oystre-slidre/volunteer/coordinator"


def _grant(user, role: Role) -> RoleGrant:
    return db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.role == role))


def test_an_administrator_takes_a_role_away_and_the_next_request_is_refused(app, client, municipalities):
    m = municipalities["oystre-slidre"]
    admin = make_user(roles=(Role.ADMINISTRATOR,), name="Anne Admin", locale="nn")
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=m, name="Kari Koordinator")
    theirs = app.test_client()
    login(theirs, coordinator)
    assert theirs.get(COORDINATOR_PAGE).status_code == 200

    login(client, admin)
    assert "Kven har tilgang" in client.get("/profile").get_data(as_text=True)
    page = client.get("/admin/access").get_data(as_text=True)
    assert "Kari Koordinator" in page and "Frivilligkoordinator – Øystre Slidre" in page
    assert "Kari Koordinator" not in client.get("/admin/access?q=toten").get_data(as_text=True)
    done = client.post(
        f"/admin/access/{_grant(coordinator, Role.VOLUNTEER_COORDINATOR).id}/remove", follow_redirects=True
    )
    assert "Kari Koordinator har ikkje lenger rolla frivilligkoordinator" in done.get_data(as_text=True)

    assert theirs.get(COORDINATOR_PAGE).status_code == 403  # the very next request
    assert "Kari Koordinator" not in client.get("/admin/access").get_data(as_text=True)


def test_taking_the_unit_staff_role_ends_access_to_the_units(app, client, municipalities):
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m)
    staff = make_staff(m, unit)
    admin = make_user(roles=(Role.ADMINISTRATOR,))
    theirs = app.test_client()
    login(theirs, staff)
    assert theirs.get(f"/oystre-slidre/respite/unit/{unit.id}").status_code == 200
    login(client, admin)
    client.post(f"/admin/access/{_grant(staff, Role.UNIT_STAFF).id}/remove")
    assert theirs.get(f"/oystre-slidre/respite/unit/{unit.id}").status_code == 403
    # The unit goes with the role: giving the role again later opens nothing by itself.
    assert db.session.scalar(select(func.count()).select_from(StaffUnit)) == 0


def test_only_administrators_reach_the_page_and_the_last_one_stays(client, municipalities):
    m = municipalities["oystre-slidre"]
    admin = make_user(roles=(Role.ADMINISTRATOR,), locale="nb")
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=m)
    grant = _grant(coordinator, Role.VOLUNTEER_COORDINATOR)
    assert "/login" in client.get("/admin/access").headers["Location"]
    login(client, coordinator)
    assert client.get("/admin/access").status_code == 403
    assert client.post(f"/admin/access/{grant.id}/remove").status_code == 403
    client.post("/logout")

    login(client, admin)
    assert client.post("/admin/access/999999/remove").status_code == 404
    citizen = make_user(roles=(Role.CITIZEN,))
    assert client.post(f"/admin/access/{_grant(citizen, Role.CITIZEN).id}/remove").status_code == 404
    refused = client.post(f"/admin/access/{_grant(admin, Role.ADMINISTRATOR).id}/remove", follow_redirects=True)
    assert "Det må alltid være minst én administrator." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert _grant(admin, Role.ADMINISTRATOR) is not None
    assert client.get("/profile").status_code == 200


def test_revoke_access_command(app, client, municipalities):
    m = municipalities["oystre-slidre"]
    toten = municipalities["vestre-toten"]
    unit = make_respite_unit(m)
    staff = make_staff(m, unit)
    db.session.add(RoleGrant(user_id=staff.id, role=Role.EDITOR, municipality_id=toten.id))
    db.session.commit()
    login(client, staff)
    assert client.get(f"/oystre-slidre/respite/unit/{unit.id}").status_code == 200
    runner = app.test_cli_runner()
    result = runner.invoke(args=["accounts", "revoke-access", staff.email, "--municipality", "oystre-slidre"])
    assert result.exit_code == 0 and "removed unit_staff (oystre-slidre)" in result.output
    assert "revoked 1 roles" in result.output
    assert client.get(f"/oystre-slidre/respite/unit/{unit.id}").status_code == 403
    db.session.expire_all()
    assert _grant(staff, Role.EDITOR) is not None  # the other municipality was not asked about
    assert "revoked 1 roles" in runner.invoke(args=["accounts", "revoke-access", staff.email.upper()]).output
    db.session.expire_all()
    assert _grant(staff, Role.EDITOR) is None
    assert runner.invoke(args=["accounts", "revoke-access", "ingen@example.no"]).exit_code != 0
    assert runner.invoke(args=["accounts", "revoke-access", staff.email, "--municipality", "nowhere"]).exit_code != 0


def test_taking_access_away_needs_the_csrf_token(app, client, municipalities, monkeypatch):
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m)
    staff = make_staff(m, unit)
    admin = make_user(roles=(Role.ADMINISTRATOR,))
    login(client, admin)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    grant = _grant(staff, Role.UNIT_STAFF)
    assert client.post(f"/admin/access/{grant.id}/remove").status_code == 400
    assert client.post(f"/oystre-slidre/respite/office/units/{unit.id}/staff/{staff.id}/remove").status_code == 400
    db.session.expire_all()
    assert _grant(staff, Role.UNIT_STAFF) is not None
    assert db.session.scalar(select(func.count()).select_from(StaffUnit)) == 1

"""Pages and downloads with health data or a person's details are never kept by a browser or a
proxy (Cache-Control: no-store); static files may be."""

from tests.factories import login, make_user
from webapp.accounts.models import Role


def test_health_pages_and_exports_are_not_stored(client, setting):
    municipality, unit, relative, decision = setting
    base = f"/{municipality.slug}"
    login(client, relative)
    for path in (
        f"{base}/respite/decisions/{decision.id}",
        f"{base}/respite/my-data.json",
        "/profile/export",
        "/profile",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    client.post("/logout")
    login(client, make_user(roles=(Role.ADMINISTRATOR,)))
    for path in (
        f"{base}/respite/office",
        f"{base}/respite/office/decisions/{decision.id}",
        f"{base}/reports/respite-occupancy.csv",
        f"{base}/reports/volunteers.csv",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")

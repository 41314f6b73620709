from tests.factories import make_user


def test_security_headers_on_every_response(client, municipalities):
    for path in ("/", "/oystre-slidre/", "/login", "/nope", "/healthz", "/static/css/app.css"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_no_inline_scripts_or_styles(client, municipalities):
    for path in ("/", "/oystre-slidre/", "/login", "/register"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html, path
        assert " onclick=" not in html


def test_session_cookie_flags(client, ctx):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "et langt testpassord"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_config_sets_secure_cookies(monkeypatch):
    from webapp import config

    monkeypatch.setenv("APP_ENV", "production")
    assert config.from_environment().SESSION_COOKIE_SECURE is True
    monkeypatch.setenv("APP_ENV", "development")
    assert config.from_environment().SESSION_COOKIE_SECURE is False


def test_forms_refuse_missing_csrf_token(csrf_app, municipalities):
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "a@b.no", "password": "x" * 12})
    assert response.status_code == 400
    assert "Skjemaet er ikke lenger gyldig" in response.get_data(as_text=True)


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}

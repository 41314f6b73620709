"""After applying for respite: a receipt page (Post/Redirect/Get) and a receipt message, by e-mail
or (with no address) by SMS, with the expected processing time, a setting per municipality, and a
link to follow the application on Mine sider."""

from __future__ import annotations

from email.header import decode_header, make_header

from sqlalchemy import select

from tests.factories import login, make_user
from tests.mail import body
from webapp.extensions import db
from webapp.notifications import services as notifications
from webapp.notifications.models import OutboxMessage
from webapp.respite import office
from webapp.respite.models import Application

ANSWERS = {
    "receiver_name": "Marit Mor",
    "receiver_birth_year": "1941",
    "relation": "dotter",
    "care_work": "Eg hjelper med mat og medisinar kvar dag.",
    "hours_per_week": "20-40",
    "kind_wanted": "institution",
    "consent": "self",
    "consent_by": "Marit Mor",
}


def _subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def _data() -> office.ApplicationData:
    return office.ApplicationData(**{**ANSWERS, "receiver_birth_year": 1941, "what_would_help": ""})


def test_applying_shows_a_receipt_and_sends_one_by_e_mail(client, ctx, municipalities, smtp):
    applicant = make_user(municipality=municipalities["oystre-slidre"], locale="nn")
    login(client, applicant)
    response = client.post("/oystre-slidre/respite/apply", data=ANSWERS)
    application = db.session.scalar(select(Application))
    assert response.status_code == 302
    assert response.location == f"/oystre-slidre/respite/applications/{application.id}/sent"

    page = client.get(response.location)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="application-receipt"' in html
    assert "Søknaden er send" in html and "Om lag 10 vekedagar" in html
    assert 'href="/my-pages#respite"' in html

    messages = list(db.session.scalars(select(OutboxMessage)))
    assert [(m.channel, m.recipient) for m in messages] == [("email", applicant.email)]
    assert notifications.send_due().sent == 1
    mail = smtp.wait_for(applicant.email)[-1]
    assert "Vi har motteke søknaden din om avlasting" in _subject(mail)
    text = body(mail)
    assert "Forventa handsamingstid: om lag 10 vekedagar." in text
    assert "/my-pages" in text


def test_the_processing_time_is_the_municipalitys_own_and_an_sms_goes_without_e_mail(
    app, client, ctx, municipalities, gateway, monkeypatch
):
    m = municipalities["oystre-slidre"]
    monkeypatch.setitem(app.config, "RESPITE_PROCESSING_DAYS_BY_MUNICIPALITY", {"oystre-slidre": "15"})
    assert office.processing_days(m) == 15
    assert office.processing_days(municipalities["gausdal"]) == 10
    applicant = make_user(municipality=m, locale="nb", email="ringte@ingen.invalid", phone="41234567")
    office.apply(applicant, m, _data())
    messages = list(db.session.scalars(select(OutboxMessage)))
    assert [(m.channel, m.recipient) for m in messages] == [("sms", "+4741234567")]
    assert "Forventet behandlingstid: omtrent 15 virkedager." in messages[0].body
    assert "/my-pages" in messages[0].body
    assert notifications.send_due().sent == 1
    assert gateway.received[-1]["destination"] == "+4741234567"


def test_someone_else_cannot_see_the_receipt(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    applicant = make_user(municipality=m)
    application = office.apply(applicant, m, _data())
    login(client, make_user(municipality=m))
    assert client.get(f"/oystre-slidre/respite/applications/{application.id}/sent").status_code == 404

"""A title that starts with a full-width ＝ is neutralised in the CSV download like a plain =."""

import csv
import io
from datetime import date

from tests.factories import login, make_user
from tests.reports.conftest import make_signup, offers_setting, oslo
from webapp.accounts.models import Role
from webapp.extensions import db


def test_full_width_equals_sign_is_neutralised_in_the_download(client, ctx):
    m, walk, *_rest = offers_setting()
    walk.title_nn = '＝HYPERLINK("http://phish.example")'
    db.session.commit()
    make_signup(walk, oslo(date(2026, 1, 10)))
    login(client, make_user(roles=(Role.EDITOR,), municipality=m, locale="nn"))
    response = client.get(f"/{m.slug}/reports/offers-activity.csv?start=2026-01&end=2026-01")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[1][0] == '\'＝HYPERLINK("http://phish.example")'
    assert response.headers["Cache-Control"] == "no-store"

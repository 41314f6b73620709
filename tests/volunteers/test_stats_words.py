"""The centre's statistics (the volunteers report) say months as people do, «januar 2026», in the
table; only the CSV file keeps 2026-01 for spreadsheets."""

from __future__ import annotations

import re

from tests.factories import login


def test_months_are_written_out_in_the_chart_and_the_table(client, oystre, coordinator):
    login(client, coordinator)
    html = client.get("/oystre-slidre/reports/volunteers?start=2026-01&end=2026-03").get_data(as_text=True)
    assert '<th scope="row">januar 2026</th>' in html and '<th scope="row">mars 2026</th>' in html
    rows = re.findall(r'<th scope="row">([^<]*)</th>', html)
    assert rows and not [row for row in rows if re.search(r"\d{4}-\d{2}", row)]

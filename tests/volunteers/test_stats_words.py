"""The statistics page says months as people do, «januar 2026», also in the chart's text alternative."""

from __future__ import annotations

import re

from tests.factories import login


def test_months_are_written_out_in_the_chart_and_the_table(client, oystre, coordinator):
    login(client, coordinator)
    html = client.get("/oystre-slidre/volunteer/coordinator/stats?year=2026").get_data(as_text=True)
    desc = html.split('<desc id="chart-desc">', 1)[1].split("</desc>", 1)[0]
    assert desc.startswith("januar 2026: 0.") and "desember 2026: 0." in desc
    assert '<th scope="row">mars 2026</th>' in html
    assert not re.search(r"\d{4}-\d{2}", desc)

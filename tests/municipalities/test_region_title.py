"""The region's page is titled by the region, not by the municipality visited last."""

from __future__ import annotations

import re


def test_the_region_page_title_is_the_region_not_the_last_municipality(client, municipalities):
    assert client.get("/vestre-toten/").status_code == 200
    page = client.get("/region/valdres/").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith("Valdres – ")
    assert "Vestre Toten" not in title
    # A municipality's own page keeps its name in the title.
    front = client.get("/vestre-toten/").get_data(as_text=True)
    assert "Vestre Toten</title>" in front

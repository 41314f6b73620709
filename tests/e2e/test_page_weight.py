"""What a citizen's browser fetches: a first view of a front page within 60 KB, and a repeat view
that asks the server for no static file (issue 16). Counted by Chromium itself, as
bench/page_weight.py does; bytes and requests, never time."""

import pytest

from bench.page_weight import FRONT_PAGE_LIMIT_KB, measure

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/oystre-slidre/", "/vestre-toten/"])
def test_first_view_is_light_and_a_repeat_view_fetches_no_static_file(
    page, live_server, browser_app, municipalities, path
):
    first = measure(page, live_server.url + path)
    assert len(first.static_requests) >= 5, first.requests
    assert first.wire_bytes <= FRONT_PAGE_LIMIT_KB * 1024, first.wire_bytes
    assert first.wire_bytes < first.body_bytes / 3  # compressed on the way
    repeat = measure(page, live_server.url + path)
    assert repeat.static_requests == [], repeat.static_requests
    assert len(repeat.requests) == 1  # the page itself

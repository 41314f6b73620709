"""Time has one home: only webapp/clock.py names the time zone or reads the machine's clock, so a
test that pins the clock pins the whole app, and every "today" is a day in Oslo."""

import re
from pathlib import Path

import webapp

FORBIDDEN = re.compile(r"ZoneInfo\(|\bdate\.today\(|\bdatetime\.(?:now|today|utcnow)\(|\btime\.time\(")
ROOT = Path(webapp.__file__).parent


def test_only_the_clock_module_reads_the_clock_or_names_the_time_zone():
    found = [
        f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}"
        for path in sorted(ROOT.rglob("*.py"))
        if path != ROOT / "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert found == [], "use webapp.clock (utcnow, today, local, OSLO) instead:\n" + "\n".join(found)


def test_the_check_finds_what_it_looks_for():
    for line in ('OSLO = ZoneInfo("Europe/Oslo")', "day = date.today()", "now = datetime.now(UTC)"):
        assert FORBIDDEN.search(line)
    assert not FORBIDDEN.search("today = clock.today(now)")

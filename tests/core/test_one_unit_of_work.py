"""One place ends transactions and one place locks rows: `.commit(` and `.rollback(` appear only
in webapp/transactions.py, `with_for_update(` only in webapp/locking.py. Everything else goes
through `atomic()` / `discard()` and `lock_rows()` / `skip_locked()`."""

from __future__ import annotations

import re
from pathlib import Path

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"

RULES = {
    "ends a transaction outside webapp/transactions.py (use atomic() or discard())": (
        re.compile(r"\.(commit|rollback)\("),
        "transactions.py",
    ),
    "locks rows outside webapp/locking.py (use lock_rows() or skip_locked())": (
        re.compile(r"with_for_update\("),
        "locking.py",
    ),
}


def offences(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for what, (pattern, home) in RULES.items():
                if name != home and pattern.search(line):
                    found.append(f"webapp/{name}:{number} {what}")
    return found


def test_only_the_unit_of_work_commits_and_only_the_lock_helper_locks():
    assert offences(WEBAPP) == []


def test_an_offence_is_named_by_file_and_line(tmp_path):
    (tmp_path / "services.py").write_text("def save():\n    db.session.commit()\n", encoding="utf-8")
    (tmp_path / "queue.py").write_text("q = select(Row).with_for_update()\n", encoding="utf-8")
    (tmp_path / "transactions.py").write_text("db.session.rollback()\n", encoding="utf-8")
    assert offences(tmp_path) == [
        "webapp/queue.py:1 locks rows outside webapp/locking.py (use lock_rows() or skip_locked())",
        "webapp/services.py:2 ends a transaction outside webapp/transactions.py (use atomic() or discard())",
    ]

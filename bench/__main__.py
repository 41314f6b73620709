"""`python -m bench` (or `make bench`): every benchmark, one after another. Not part of the tests."""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ["bench.volunteers_match", "bench.offers_load", "bench.page_weight", "bench.respite_race"]


def main() -> int:
    failed = 0
    for module in BENCHMARKS:
        print(f"\n=== {module} ===", flush=True)
        failed += subprocess.call([sys.executable, "-m", module]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Lighthouse on a phone: the main pages scored as `make run` serves them to a new user.

    python -m bench.lighthouse [--runs 3]

Migrates a temporary SQLite database, loads the demo data and starts the app as `make run` does
(`flask run`, debug on), then runs Google's Lighthouse (npm `lighthouse`, fetched by `npx` on first
use; Debian's Chromium, or CHROMIUM_PATH) with its mobile settings (a mid-range phone on a slow 4G
line, simulated) over each page of `bench.page_weight.PAGES`, `--runs` times, and prints the median
score of each category. Lighthouse's performance score is measured against the machine's own speed,
so run it on a quiet machine. Targets: performance ≥ 0.98, accessibility 1.0, best practices 1.0,
SEO ≥ 0.95. Exit status 1 if a median misses a target. Not part of the test suite."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import free_port, wait_for
from bench.page_weight import PAGES

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.8.2"
TARGETS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 0.95}


def serve_like_make_run(folder: Path) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'lighthouse.sqlite'}",
        "FLASK_APP": "webapp",
        "FLASK_DEBUG": "1",
    }
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([sys.executable, "-m", "flask", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}"


def scores(url: str, chromium: str, folder: Path) -> dict[str, float]:
    report = folder / "report.json"
    subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--form-factor=mobile", "--output=json"]
        + [f"--output-path={report}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": chromium},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: category["score"] for name, category in json.loads(report.read_text())["categories"].items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if shutil.which("npx") is None:
        raise SystemExit("npx (Node.js) is needed to fetch and run Lighthouse")
    folder = Path(tempfile.mkdtemp(prefix="lighthouse-bench."))
    server, base = serve_like_make_run(folder)
    missed = 0
    try:
        wait_for(base + "/healthz", 180)
        for _name, path in PAGES:
            wait_for(base + path, 180)  # the first view of a page fills its caches, as a new user's would
        print(f"{'page':<28}" + "".join(f"{name:>16}" for name in TARGETS))
        for name, path in PAGES:
            runs = [scores(base + path, chromium, folder) for _ in range(args.runs)]
            medians = {category: statistics.median(run[category] for run in runs) for category in TARGETS}
            missed += sum(medians[category] < target for category, target in TARGETS.items())
            print(f"{name:<28}" + "".join(f"{medians[category]:>16.2f}" for category in TARGETS), flush=True)
        print("targets" + " " * 21 + "".join(f"{'≥ ' + str(target):>16}" for target in TARGETS.values()))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    print("OK" if not missed else f"{missed} median(s) below target")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Load test: 10,000 offers in a temporary SQLite database, served by gunicorn, measured with wrk.

    python -m bench.offers_load [--offers 10000] [--duration 10] [--connections 16] [--workers 2]

Measures a hello-world endpoint of the same app, the search results fragment (htmx) and the full
list page, and prints requests per second, p99 latency and the ratios to hello-world.
Targets (issue 3): search fragment ≥ 0.5 × hello-world, p99 < 25 ms at 16 connections on 2 cores.
Targets (issue 16): full list page ≥ 0.3 × hello-world, p99 < 40 ms; each worker ≤ 120 MB resident after the
load (printed from /proc)."""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

from bench import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    ("Sterk og stødig", "Sterk og stødig"),
    ("Trimgruppe", "Trimgruppe"),
    ("Gågruppe", "Gågruppe"),
    ("Sittedans", "Sittedans"),
    ("Kaffe og vaffel", "Kaffi og vaffel"),
    ("Treffpunkt", "Treffpunkt"),
    ("Pårørendeskole", "Pårørandeskule"),
    ("Digital hverdag", "Digital kvardag"),
    ("Mestringskurs", "Meistringskurs"),
    ("Dagtilbud", "Dagtilbod"),
]
CATEGORIES = [
    "training",
    "training",
    "walking",
    "dance",
    "cafe",
    "meeting_place",
    "relatives",
    "digital",
    "healthy_life",
    "day_centre",
]
PLACES = ["Heggenes", "Beitostølen", "Tingvoll", "Rogne", "Volbu", "Skammestein"]
DAYS = ["MO", "TU", "WE", "TH", "FR"]


def bench_app():
    """The app gunicorn serves: the real app plus a hello-world view to compare against."""
    from webapp import create_app

    app = create_app()

    @app.get("/bench/hello")
    def hello():
        return "Hello, world!"

    return app


def load(count: int) -> None:
    import flask_migrate

    from webapp.extensions import db
    from webapp.municipalities import demo as municipalities_demo
    from webapp.municipalities.services import get_by_slug
    from webapp.offers import demo as offers_demo
    from webapp.offers.models import Location, Offer, Schedule
    from webapp.offers.recurrence import build_rrule

    app = bench_app()
    with app.app_context(), app.test_request_context("/"):
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        municipalities_demo.load()
        offers_demo.load()
        municipality = get_by_slug("oystre-slidre")
        locations = []
        for place in PLACES:
            location = Location(
                municipality_id=municipality.id,
                name=f"Grendehuset på {place}",
                address=f"{place}vegen 1",
                place=place,
                step_free=place != "Rogne",
            )
            db.session.add(location)
            locations.append(location)
        db.session.flush()
        rng = random.Random(2026)
        for n in range(count):
            title_nb, title_nn = rng.choice(WORDS)
            day = rng.choice(DAYS)
            hour = rng.choice([9, 10, 11, 13, 17, 18])
            offer = Offer(
                municipality_id=municipality.id,
                published=True,
                category=rng.choice(CATEGORIES),
                title_nb=f"{title_nb} {n}",
                title_nn=f"{title_nn} {n}",
                description_nb="Et lavterskeltilbud for deg som vil være aktiv og møte andre.",
                description_nn="Eit lågterskeltilbod for deg som vil vere aktiv og møte andre.",
                join_mode=rng.choice(["drop_in", "sign_up"]),
                walking_aid=rng.choice(["any", "with", "without"]),
                price_nok=rng.choice([0, 0, 0, 20, 50]),
                location=rng.choice(locations),
            )
            offer.schedule = Schedule(
                rrule=build_rrule([day]),
                dtstart=date(2026, 1, 5),
                opens_at=clock(hour, 0),
                closes_at=clock(hour + 1, 0),
                weekdays=day,
            )
            db.session.add(offer)
            if n % 1000 == 999:
                db.session.commit()
        db.session.commit()


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, duration: int, connections: int, headers: list[str]) -> tuple[float, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return rps, _ms(p99.group(1), p99.group(2))


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    sizes = []
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run `apt-get install -y wrk` and try again.")

    folder = Path(tempfile.mkdtemp(prefix="offers-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
        "APP_ENV": "development",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
        "SECRET_KEY": "bench",
        "FLASK_DEBUG": "0",
    }
    os.environ.update(env)
    started = time.monotonic()
    load(args.offers)
    print(f"Loaded {args.offers} offers in {time.monotonic() - started:.1f} s ({folder})")

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.offers_load:bench_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/bench/hello")
        targets = [
            ("hello-world", f"{base}/bench/hello", []),
            ("search fragment", f"{base}/oystre-slidre/offers?q=trim&walking_aid=without", ["HX-Request: true"]),
            ("full list page", f"{base}/oystre-slidre/offers", []),
        ]
        for _name, url, headers in targets:  # warm up every worker
            run_wrk(url, 1, args.connections, headers)
        results = {name: run_wrk(url, args.duration, args.connections, headers) for name, url, headers in targets}
        rss = worker_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)

    hello = results["hello-world"][0]
    print(f"\n{'endpoint':<18}{'req/s':>10}{'p99 ms':>10}{'× hello':>10}")
    for name, (rps, p99) in results.items():
        print(f"{name:<18}{rps:>10.0f}{p99:>10.1f}{rps / hello:>10.2f}")
    search_rps, search_p99 = results["search fragment"]
    print(
        f"\nTargets: search fragment ≥ 0.5 × hello-world: {'met' if search_rps / hello >= 0.5 else 'NOT met'}"
        f" ({search_rps / hello:.2f}); p99 < 25 ms: {'met' if search_p99 < 25 else 'NOT met'} ({search_p99:.1f} ms)"
    )
    page_rps, page_p99 = results["full list page"]
    print(
        f"Targets: full list page ≥ 0.3 × hello-world: {'met' if page_rps / hello >= 0.3 else 'NOT met'}"
        f" ({page_rps / hello:.2f}); p99 < 40 ms: {'met' if page_p99 < 40 else 'NOT met'} ({page_p99:.1f} ms)"
    )
    largest = max(rss)
    print(
        f"Worker memory after the load: {', '.join(f'{mb:.0f} MB' for mb in rss)}; ≤ 120 MB:"
        f" {'met' if largest <= 120 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()

"""100 relatives race for the last free respite bed, through gunicorn and PostgreSQL.

    python -m bench.respite_race [--workers 4] [--relatives 100]

Starts a throw-away PostgreSQL cluster, migrates it, seeds one unit whose last bed is free and
100 relatives (each with their own decision and quota left), starts the app on gunicorn, logs
every relative in (with a CSRF token), then fires all booking POSTs at once. Prints how many were
confirmed (must be exactly 1), how many answered 5xx (must be 0) and the latency percentiles.
Exit status 1 if a rule was broken. Not part of the test suite."""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from bench import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PASSWORD = "benk-passord-2026"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@contextmanager
def postgres():
    """A PostgreSQL cluster that lives only inside the `with` block; yields its URL."""
    folder = Path(tempfile.mkdtemp(prefix="respite-bench-pg."))
    port = free_port()
    as_pg: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run(
        [
            *as_pg,
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [
            *as_pg,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(folder / "log"),
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-q",
                "-c",
                "CREATE DATABASE respite_bench",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/respite_bench"
    finally:
        subprocess.run(
            [*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def seed(url: str, relatives: int, config: dict | None = None) -> tuple[int, int, str, list[tuple[str, int]]]:
    """Migrate and seed (with `config` on top of the app's settings). Returns (unit id, places,
    arrival, [(e-mail, decision id)])."""
    import flask_migrate

    from webapp import create_app
    from webapp.accounts.models import Role, RoleGrant, User
    from webapp.accounts.passwords import hash_password
    from webapp.clock import today as local_today
    from webapp.database import utcnow
    from webapp.extensions import db
    from webapp.municipalities import demo as municipalities_demo
    from webapp.municipalities.models import Unit
    from webapp.respite.models import (
        Booking,
        CapacityPeriod,
        CareReceiver,
        Decision,
        DecisionRelative,
        RespiteUnit,
    )

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, **(config or {})})
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        municipalities_demo.load()
        gimle = db.session.scalar(db.select(Unit).filter_by(name="Gimle sykehjem"))
        places = 4
        unit = RespiteUnit(unit=gimle, kind="institution")
        unit.capacities.append(CapacityPeriod(valid_from=local_today() - timedelta(days=30), places=places))
        db.session.add(unit)
        today = local_today()
        arrival = today + timedelta(days=7)

        def decision_for(name: str, user: User | None) -> Decision:
            decision = Decision(
                municipality_id=gimle.municipality_id,
                kind="institution",
                quota_amount=4,
                quota_unit="nights",
                period_kind="rolling",
                period_days=28,
                valid_from=today,
                valid_to=today + timedelta(days=365),
                horizon_days=90,
                cancel_hours=48,
                max_stay=7,
                needs_approval=False,
            )
            decision.care_receiver = CareReceiver(municipality_id=gimle.municipality_id, name=name, birth_year=1940)
            decision.units = [unit]
            if user is not None:
                decision.relatives.append(
                    DecisionRelative(user=user, consent_given_by=name, consent_date=today, consent_method="written")
                )
            db.session.add(decision)
            return decision

        for n in range(places - 1):  # every bed but the last is taken
            db.session.flush()
            taken = decision_for(f"Opptatt {n}", None)
            db.session.flush()
            db.session.add(
                Booking(
                    decision_id=taken.id,
                    respite_unit_id=unit.id,
                    arrival=arrival,
                    departure=arrival + timedelta(days=1),
                    status="confirmed",
                )
            )
        password_hash = hash_password(PASSWORD)
        people = []
        for n in range(relatives):
            user = User(
                email=f"paarorande{n}@bench.example",
                name=f"Pårørande {n}",
                password_hash=password_hash,
                email_confirmed_at=utcnow(),
                locale="nb",
                home_municipality_id=gimle.municipality_id,
            )
            user.grants.append(RoleGrant(role=Role.RELATIVE, municipality_id=gimle.municipality_id))
            decision = decision_for(f"Person {n}", user)
            db.session.flush()
            people.append((user.email, decision.id))
        db.session.commit()
        unit_id = unit.id
        db.engine.dispose()
    return unit_id, places, arrival.isoformat(), people


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # keep the 302 as the answer
        return None


class Relative:
    def __init__(self, base: str, email: str, decision_id: int) -> None:
        self.base, self.email, self.decision_id = base, email, decision_id
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)
        self.token = ""

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def log_in(self) -> None:
        _status, page = self.request("/login")
        self.token = CSRF.search(page).group(1)
        status, _page = self.request("/login", {"email": self.email, "password": PASSWORD, "csrf_token": self.token})
        assert status == 302, f"login failed for {self.email}: {status}"
        _status, page = self.request(f"/vestre-toten/respite/decisions/{self.decision_id}")
        self.token = CSRF.search(page).group(1)

    def book(self, unit_id: int, arrival: str, departure: str) -> tuple[int, float]:
        started = time.perf_counter()
        status, _page = self.request(
            f"/vestre-toten/respite/decisions/{self.decision_id}/book",
            {
                "csrf_token": self.token,
                "unit": unit_id,
                "arrival": arrival,
                "departure": departure,
                "action": "confirm",
            },
        )
        return status, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def in_parallel(function, items, width: int) -> list:
    results: list = [None] * len(items)
    lock = threading.Lock()
    queue = list(enumerate(items))

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                index, item = queue.pop()
            results[index] = function(item)

    threads = [threading.Thread(target=worker) for _ in range(width)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--relatives", type=int, default=100)
    args = parser.parse_args()

    with postgres() as url:
        unit_id, places, arrival, people = seed(url, args.relatives)
        departure = (date.fromisoformat(arrival) + timedelta(days=1)).isoformat()
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-secret",
            "APP_ENV": "development",
            "OUTBOX_SEND_AFTER_REQUEST": "0",
            "LOGIN_LIMIT": "100000 per minute",
            "LOGIN_CLIENT_LIMIT": "100000 per minute",
            "MAIL_SERVER": "",
        }
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--no-control-socket",
                "-w",
                str(args.workers),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "webapp:create_app()",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz")
            relatives = [Relative(base, email, decision_id) for email, decision_id in people]
            in_parallel(lambda r: r.log_in(), relatives, 8)
            barrier = threading.Barrier(len(relatives))

            def race(relative: Relative):
                barrier.wait()
                return relative.book(unit_id, arrival, departure)

            results = in_parallel(race, relatives, len(relatives))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.connect() as connection:
            booked = connection.execute(
                text(
                    "SELECT count(*) FROM respite_bookings WHERE respite_unit_id = :u AND arrival = :a "
                    "AND status IN ('pending', 'confirmed')"
                ),
                {"u": unit_id, "a": arrival},
            ).scalar_one()
        engine.dispose()

    statuses = [status for status, _latency in results]
    latencies = [latency for _status, latency in results]
    confirmed = statuses.count(302)
    server_errors = sum(1 for s in statuses if s >= 500)
    print(f"booking requests: {len(results)} for the last of {places} beds, {args.workers} gunicorn workers")
    print(f"confirmed: {confirmed} (bookings in the database for that night: {booked} of {places})")
    print(f"refused with a reason (400): {statuses.count(400)}")
    print(f"5xx: {server_errors}")
    print(
        f"latency p50: {percentile(latencies, 0.50) * 1000:.0f} ms, "
        f"p99: {percentile(latencies, 0.99) * 1000:.0f} ms, max: {max(latencies) * 1000:.0f} ms"
    )
    ok = confirmed == 1 and booked == places and server_errors == 0
    print("OK" if ok else "RULE BROKEN")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

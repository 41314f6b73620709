"""Two app servers on one PostgreSQL and one Redis, behind the shipped nginx site, behave as one.

Everything here is real: a database migrated with `flask db upgrade`'s migrations, Redis, two
gunicorn instances in production mode on their own ports, Debian's nginx with a throw-away
certificate in front of both, an SMTP server, and `flask` commands started side by side. It runs in
the PostgreSQL pass of `make test` (the one production runs on) when redis-server and nginx are
installed; `.ci/run` installs all three."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import ssl
import subprocess
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.respite_race import PASSWORD as RELATIVE_PASSWORD
from bench.respite_race import in_parallel, seed
from tests.clock import DEFAULT_MOMENT, as_utc
from tests.conftest import free_port, is_postgres
from tests.mail import SmtpSink
from tests.servers import HAVE_NGINX, HAVE_REDIS, ROOT, at_moment, gunicorn, nginx_site, redis_server

pytestmark = [
    pytest.mark.skipif(not is_postgres(), reason="runs in the PostgreSQL pass (make test runs both)"),
    pytest.mark.skipif(not (HAVE_REDIS and HAVE_NGINX), reason="needs redis-server, nginx and openssl"),
]

CHEAP_HASHING = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}
QUIET = {**CHEAP_HASHING, "OUTBOX_SEND_AFTER_REQUEST": False}  # the seeding sends nothing
PASSWORD = "et langt passord for to tenarar"
HOST = "localhost"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
RELATIVES = 100
QUEUED = 30  # messages waiting in the outbox before the senders start
REMINDED = 8  # people with a place at tomorrow's session
SEEN_WITHIN = 5.0  # seconds; README says other servers see an offer change within a second


@dataclass
class World:
    url: str
    unit_id: int
    places: int
    arrival: str
    relatives: list[tuple[str, int]]
    offer_id: int
    editor: str
    citizen: str


@dataclass
class Cluster:
    world: World
    env: dict[str, str]
    instances: list[int]  # the app servers' ports
    logs: list[Path]
    site: int  # nginx's https port
    smtp: SmtpSink
    started: datetime  # the servers' moment when they started (they tick on from there)
    started_monotonic: float

    def now(self) -> datetime:
        return self.started + timedelta(seconds=time.monotonic() - self.started_monotonic)

    def flask(self, *args: str) -> subprocess.Popen:
        """A `flask` command on another machine: its own process, the servers' settings and moment."""
        return subprocess.Popen(
            at_moment(self.now().isoformat(), "flask", *args),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def routes_served(self, index: int, method: str, route: str) -> int:
        count = 0
        for line in self.logs[index].read_text().splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                count += entry.get("method") == method and entry.get("route") == route
        return count


class Visitor:
    """One browser: its cookies and its CSRF token, talking to one server or another."""

    def __init__(self, source: str = "127.0.0.1") -> None:
        self.source = source
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(
        self, port: int, method: str, path: str, data: list | dict | None = None, *, tls: bool = False, headers=None
    ) -> tuple[int, dict[str, str], str]:
        if tls:
            connection = http.client.HTTPSConnection(
                HOST, port, timeout=60, context=ssl._create_unverified_context(), source_address=(self.source, 0)
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(self.source, 0))
        sent = {"Host": HOST, "Accept-Language": "nb", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            if isinstance(data, dict):
                data = {"csrf_token": self.token, **data}
            body = urllib.parse.urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"https://{HOST}{path}"  # as a browser sends it; checked over https
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        page = raw.decode(errors="replace")
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        connection.close()
        found = CSRF.search(page)
        if found:
            self.token = found.group(1)
        return response.status, dict(response.headers), page

    def get(self, port: int, path: str, **kwargs) -> tuple[int, dict[str, str], str]:
        return self.request(port, "GET", path, **kwargs)

    def post(self, port: int, path: str, data: list | dict, **kwargs) -> tuple[int, dict[str, str], str]:
        return self.request(port, "POST", path, data, **kwargs)

    def log_in(self, port: int, email: str, password: str, **kwargs) -> int:
        self.get(port, "/login", **kwargs)
        status, _headers, _page = self.post(port, "/login", {"email": email, "password": password}, **kwargs)
        return status


class FormFields(HTMLParser):
    """The fields a browser would send for each form of a page, as they stand."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._textarea: list[str] | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif self._form is None or not found.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = found.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in found:
                return
            self._form.append((found["name"], found.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea":
            self._textarea = [found["name"], ""]
        elif tag == "select":
            self._select = {"name": found["name"], "multiple": "multiple" in found, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = found.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in found:
                self._select["chosen"].append(value)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.append((self._textarea[0], self._textarea[1].removeprefix("\r").removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self._form.extend((self._select["name"], value) for value in chosen)
            self._select = None


def form_with(page: str, field_name: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(page)
    [fields] = [form for form in parser.forms if any(name == field_name for name, _ in form)]
    return fields


def _seed_the_rest(url: str) -> tuple[int, str, str]:
    """An offer in Vestre Toten with a session tomorrow and people with a place at it, an editor, a
    citizen, and messages waiting in the outbox. Returns (offer id, editor's e-mail, citizen's)."""
    from tests.factories import make_user
    from tests.offers.conftest import make_offer
    from webapp import create_app
    from webapp.accounts.models import Role
    from webapp.accounts.passwords import hash_password
    from webapp.clock import today
    from webapp.extensions import db
    from webapp.municipalities.services import get_by_slug
    from webapp.notifications.models import OutboxMessage
    from webapp.offers.models import SignUp

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, **QUIET})
    with app.test_request_context("/"):
        vestre_toten = get_by_slug("vestre-toten")
        tomorrow = today() + timedelta(days=1)
        weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[tomorrow.weekday()]
        offer = make_offer(
            vestre_toten, days=(weekday,), at=clock_time(11, 0), until=clock_time(12, 0), dtstart=today()
        )
        for n in range(REMINDED):
            db.session.add(
                SignUp(
                    offer_id=offer.id,
                    name=f"Deltakar {n}",
                    email=f"deltakar{n}@example.no",
                    phone="",
                    locale="nn",
                    status="confirmed",
                )
            )
        for n in range(QUEUED):
            db.session.add(OutboxMessage(recipient=f"mottakar{n}@example.no", subject=f"Melding {n}", body="Hei."))
        db.session.commit()
        hashed = hash_password(PASSWORD)
        editor = make_user((Role.EDITOR,), vestre_toten, password_hash=hashed, locale="nb")
        citizen = make_user((), vestre_toten, password_hash=hashed, locale="nb")
        result = offer.id, editor.email, citizen.email
        db.session.remove()
        db.engine.dispose()
    return result


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """A database of its own on the test server, migrated and seeded at the tests' moment."""
    server = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"scale_out_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        with time_machine.travel(as_utc(DEFAULT_MOMENT), tick=True):
            unit_id, places, arrival, relatives = seed(url, RELATIVES, CHEAP_HASHING)
            offer_id, editor, citizen = _seed_the_rest(url)
        yield World(url, unit_id, places, arrival, relatives, offer_id, editor, citizen)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(scope="module")
def cluster(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("scale-out")
    smtp = SmtpSink(free_port())
    smtp.start()
    # After the seeding, and one clock for all: each process starts where the others' clocks are
    # (a server behind the others would take their fresh CSRF tokens for ones from the future).
    started, started_monotonic = as_utc(DEFAULT_MOMENT) + timedelta(minutes=5), time.monotonic()

    def now() -> str:
        return (started + timedelta(seconds=time.monotonic() - started_monotonic)).isoformat()

    with ExitStack() as stack:
        stack.callback(smtp.stop)
        redis_url = stack.enter_context(redis_server(folder))
        env = {
            **os.environ,
            "FLASK_APP": "webapp",
            "APP_ENV": "production",
            "SECRET_KEY": "two-servers-one-secret-" + "x" * 40,
            "PUBLIC_URL": f"https://{HOST}",
            "DATABASE_URL": world.url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "TRUSTED_PROXIES": "1",
            "LOGIN_CLIENT_LIMIT": "5 per minute",
            "LOGIN_LIMIT": "5 per minute",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp.port),
            "OUTBOX_SEND_AFTER_REQUEST": "0",
            "REQUEST_LOG": "1",
            **{key: str(value) for key, value in CHEAP_HASHING.items()},
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        env.pop("TEST_DATABASE_URL", None)
        instances, logs = [], []
        for n in range(2):
            instance_folder = folder / f"app{n}"
            instance_folder.mkdir()
            server = gunicorn(env, instance_folder, workers=2, moment_iso=now(), host=HOST)
            instances.append(stack.enter_context(server))
            logs.append(instance_folder / "gunicorn.log")
        site = stack.enter_context(nginx_site(folder, instances))
        yield Cluster(world, env, instances, logs, site, smtp, started, started_monotonic)


def test_the_login_limit_holds_across_both_servers_and_sees_the_real_client(cluster: Cluster):
    site = cluster.site
    visitor = Visitor("127.0.0.5")
    status, headers, _page = visitor.get(site, "/login", tls=True, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["Content-Encoding"] == "gzip"

    statuses = [
        visitor.post(site, "/login", {"email": f"feil{n}@example.no", "password": "galt passord"}, tls=True)[0]
        for n in range(6)
    ]
    assert statuses == [400] * 5 + [429]
    assert all(cluster.routes_served(n, "POST", "/login") >= 2 for n in range(2))  # nginx used both

    # Claiming another address does not help: nginx adds the one it saw, and the app reads that.
    status = visitor.post(
        site,
        "/login",
        {"email": "feil@example.no", "password": "galt"},
        tls=True,
        headers={"X-Forwarded-For": "10.9.8.7"},
    )[0]
    assert status == 429
    # Nor is every client behind nginx one client.
    assert Visitor("127.0.0.6").log_in(site, "feil@example.no", "galt passord", tls=True) == 400


def test_a_session_ended_on_one_server_is_refused_by_both(cluster: Cluster):
    first, second = cluster.instances
    here, there = Visitor("127.0.2.1"), Visitor("127.0.2.2")
    assert here.log_in(first, cluster.world.citizen, PASSWORD) == 302
    assert there.log_in(second, cluster.world.citizen, PASSWORD) == 302
    for port in (first, second):
        assert here.get(port, "/my-pages")[0] == 200
        assert there.get(port, "/my-pages")[0] == 200

    here.get(second, "/my-pages")
    status, headers, _page = here.post(second, "/logout", {})
    assert status == 302

    for port in (first, second):  # at once, on both: no cache of sessions anywhere
        status, headers, _page = there.get(port, "/my-pages")
        assert status == 302 and "/login" in headers["Location"]


def test_an_offer_changed_through_one_server_shows_through_the_other(cluster: Cluster):
    first, second = cluster.instances
    offers_page = "/vestre-toten/offers"
    status, _headers, before = Visitor("127.0.3.2").get(second, offers_page)
    assert status == 200  # the other server has the list in its cache now

    editor = Visitor("127.0.3.1")
    assert editor.log_in(first, cluster.world.editor, PASSWORD) == 302
    edit_page = f"/vestre-toten/offers/manage/{cluster.world.offer_id}"
    status, _headers, page = editor.get(first, edit_page)
    assert status == 200
    title = f"Stolgym endra {uuid.uuid4().hex[:6]}"
    assert title not in before
    fields = [
        (name, title if name in ("title_nb", "title_nn") else value) for name, value in form_with(page, "title_nb")
    ]
    status, _headers, page = editor.post(first, edit_page, fields)
    assert status == 302, re.findall(r'<a href="#[^"]+">[^<]+', page)

    deadline = time.monotonic() + SEEN_WITHIN
    while True:
        status, _headers, after = Visitor("127.0.3.2").get(second, offers_page)
        if title in after or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert status == 200 and title in after, (before[-3000:], after[-3000:])


def _outbox_state(url: str) -> tuple[list[int], int, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        ids = list(connection.execute(text("SELECT id FROM outbox_messages ORDER BY id")).scalars())
        unsent = connection.execute(text("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")).scalar_one()
        reminders = connection.execute(text("SELECT count(*) FROM sent_reminders")).scalar_one()
    engine.dispose()
    return ids, unsent, reminders


def test_reminders_and_the_outbox_run_on_both_machines_at_once_and_send_each_message_once(cluster: Cluster):
    commands = [cluster.flask("notify", "due") for _ in range(2)] + [cluster.flask("outbox", "send") for _ in range(2)]
    outputs = [command.communicate(timeout=300)[0] for command in commands]
    assert all(command.returncode == 0 for command in commands), outputs
    # A reminder queued after the other senders had finished waits for the next run.
    drain = cluster.flask("outbox", "send")
    assert drain.wait(timeout=300) == 0

    ids, unsent, reminders = _outbox_state(cluster.world.url)
    assert unsent == 0
    assert reminders == REMINDED
    assert len(ids) == QUEUED + REMINDED
    received = [str(message["Message-ID"]) for message in cluster.smtp.messages]
    assert len(received) == len(ids), outputs
    assert sorted(received) == sorted({message_id for message_id in received})
    assert {int(re.search(r"outbox-(\d+)", message_id).group(1)) for message_id in received} == set(ids)
    for n in range(REMINDED):
        assert len(cluster.smtp.to(f"deltakar{n}@example.no")) == 1


def test_a_hundred_relatives_on_two_servers_get_the_last_bed_once(cluster: Cluster):
    world = cluster.world
    departure = (datetime.fromisoformat(world.arrival) + timedelta(days=1)).date().isoformat()

    def log_in(item: tuple[int, tuple[str, int]]) -> Visitor:
        n, (email, decision_id) = item
        visitor = Visitor(f"127.0.1.{n + 1}")
        port = cluster.instances[n % 2]
        assert visitor.log_in(port, email, RELATIVE_PASSWORD) == 302
        assert visitor.get(port, f"/vestre-toten/respite/decisions/{decision_id}")[0] == 200
        return visitor

    visitors = in_parallel(log_in, list(enumerate(world.relatives)), 8)
    barrier = threading.Barrier(len(visitors))

    def book(item: tuple[int, Visitor]) -> int:
        n, visitor = item
        decision_id = world.relatives[n][1]
        barrier.wait()
        return visitor.post(
            cluster.instances[(n + 1) % 2],  # the other server than the one they logged in on
            f"/vestre-toten/respite/decisions/{decision_id}/book",
            {"unit": world.unit_id, "arrival": world.arrival, "departure": departure, "action": "confirm"},
        )[0]

    statuses = in_parallel(book, list(enumerate(visitors)), len(visitors))
    assert statuses.count(302) == 1
    assert not [status for status in statuses if status >= 500]
    assert set(statuses) <= {302, 400, 409}

    engine = create_engine(world.url)
    with engine.connect() as connection:
        booked = connection.execute(
            text(
                "SELECT count(*) FROM respite_bookings WHERE respite_unit_id = :unit AND arrival = :arrival "
                "AND status IN ('pending', 'confirmed')"
            ),
            {"unit": world.unit_id, "arrival": world.arrival},
        ).scalar_one()
    engine.dispose()
    assert booked == world.places

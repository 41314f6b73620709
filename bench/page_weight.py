"""Page weight: bytes transferred and requests for a first and a repeat view of the main pages, in
Chromium, as a citizen on a slow line meets them.

    python -m bench.page_weight

Serves the demo data (the migrations and `flask demo load` on a temporary SQLite database) with
gunicorn, as in production, and opens each page in Chromium (Playwright; Debian's /usr/bin/chromium
or CHROMIUM_PATH): a first view in a fresh profile, then a repeat view (the same address opened
again in that profile). Counts what went over the network, from Chromium's own accounting
(bytes on the wire including headers; a copy taken from the browser's cache is no request). The
baseline, measured in the same run, is what the same first view weighs uncompressed.
Needs `make install` (fingerprinted and compressed static files).
Targets (issue 16): a front page's first view ≤ 60 KB; no request for a static file in a repeat view."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("front page, nynorsk", "/oystre-slidre/"),
    ("front page, bokmål", "/vestre-toten/"),
    ("choose municipality", "/"),
    ("offers list", "/oystre-slidre/offers"),
    ("guide", "/oystre-slidre/guide"),
    ("volunteering", "/oystre-slidre/volunteer"),
    ("respite", "/vestre-toten/respite"),
    ("log in", "/login"),
]
FRONT_PAGE_LIMIT_KB = 60
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@dataclass
class View:
    """What one page view sent over the network."""

    wire_bytes: int = 0  # compressed, with headers
    body_bytes: int = 0  # after decompression: the same view uncompressed
    requests: list[str] = field(default_factory=list)  # URLs that went to the server

    @property
    def static_requests(self) -> list[str]:
        return [url for url in self.requests if "/static/" in url or url.endswith("/favicon.ico")]


def measure(page, url: str) -> View:
    """Open `url` and add up Chromium's network events until the page has loaded."""
    view = View()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    from_cache: set[str] = set()
    urls: dict[str, str] = {}

    def sent(event):
        urls[event["requestId"]] = event["request"]["url"]

    def received(event):
        if event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"):
            from_cache.add(event["requestId"])

    def data(event):
        view.body_bytes += event["dataLength"]

    def finished(event):
        request_id = event["requestId"]
        if request_id not in from_cache:
            view.requests.append(urls.get(request_id, "?"))
            view.wire_bytes += int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.requestServedFromCache", lambda event: from_cache.add(event["requestId"]))
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        raise SystemExit(f"{url} answered {response.status if response else 'nothing'}")
    page.wait_for_load_state("networkidle")
    cdp.detach()
    return view


def serve(folder: Path) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'weight.sqlite'}",
        "APP_ENV": "development",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
        "SECRET_KEY": "bench",
        "FLASK_DEBUG": "0",
        "FLASK_APP": "webapp",
    }
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(
            [sys.executable, "-m", "flask", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "webapp:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not (ROOT / "static" / "cache_manifest.json").exists():
        raise SystemExit("No fingerprinted static files: run `make install` first.")
    folder = Path(tempfile.mkdtemp(prefix="page-weight-"))
    server, base = serve(folder)
    results: dict[str, tuple[View, View]] = {}
    try:
        wait_for(f"{base}/healthz")
        executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable if Path(executable).exists() else None, args=CHROMIUM_ARGS
            )
            for name, path in PAGES:
                context = browser.new_context()
                page = context.new_page()
                first = measure(page, base + path)
                repeat = measure(page, base + path)
                results[name] = (first, repeat)
                context.close()
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\n{'page':<22}{'first KB':>9}{'requests':>9}{'uncompr. KB':>12}{'× uncompr.':>11}"
        f"{'repeat KB':>10}{'requests':>9}{'static':>7}"
    )
    for name, (first, repeat) in results.items():
        print(
            f"{name:<22}{first.wire_bytes / 1024:>9.1f}{len(first.requests):>9}{first.body_bytes / 1024:>12.1f}"
            f"{first.wire_bytes / max(first.body_bytes, 1):>11.2f}{repeat.wire_bytes / 1024:>10.1f}"
            f"{len(repeat.requests):>9}{len(repeat.static_requests):>7}"
        )
    fronts = {name: first.wire_bytes / 1024 for name, (first, _) in results.items() if name.startswith("front page")}
    heaviest = max(fronts.values())
    static_again = sum(len(repeat.static_requests) for _, repeat in results.values())
    print(
        f"\nTargets: front page first view ≤ {FRONT_PAGE_LIMIT_KB} KB: "
        f"{'met' if heaviest <= FRONT_PAGE_LIMIT_KB else 'NOT met'} ({heaviest:.1f} KB); "
        f"static requests in repeat views = 0: {'met' if static_again == 0 else 'NOT met'} ({static_again})"
    )


if __name__ == "__main__":
    main()

"""What a page costs on a slow line: fingerprinted static files cached for a year, compressed once at
install time; pages and JSON compressed when the browser asks; a favicon; a meta description.

Needs `make install` (it fingerprints and compresses the static files)."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import brotli
import pytest

from webapp.offers import demo as offers_demo

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
FINGERPRINTED = re.compile(r"^/static/(.+)-[0-9a-f]{32}(\.\w+)$")


@pytest.fixture
def demo_offers(municipalities):
    offers_demo.load()
    return municipalities


def _static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def _source(url: str) -> Path:
    name, extension = FINGERPRINTED.match(url).groups()
    return STATIC / f"{name}{extension}"


def test_pages_link_fingerprinted_static_files(client, municipalities):
    for path in ("/", "/oystre-slidre/", "/oystre-slidre/offers", "/login"):
        urls = _static_urls(client.get(path).get_data(as_text=True))
        assert len(urls) >= 5, path
        assert all(FINGERPRINTED.match(url) for url in urls), (path, urls)


def test_fingerprinted_files_are_cached_for_a_year_and_never_revalidated(client, municipalities):
    for url in _static_urls(client.get("/oystre-slidre/").get_data(as_text=True)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        assert response.get_data() == _source(url).read_bytes(), url
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_name_without_fingerprint_is_not_cached_for_long(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]


@pytest.mark.parametrize(("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_static_files_are_sent_compressed_as_made_at_install(client, municipalities, encoding, decompress):
    suffix = {"br": ".br", "gzip": ".gz"}[encoding]
    for url in _static_urls(client.get("/oystre-slidre/").get_data(as_text=True)):
        response = client.get(url, headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in response.headers["Vary"]
        # The very bytes compressed once by `make install`, not compressed again per request.
        made = STATIC / (url.removeprefix("/static/") + suffix)
        assert response.get_data() == made.read_bytes(), url
        assert decompress(response.get_data()) == _source(url).read_bytes(), url


@pytest.mark.parametrize(("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_and_json_are_compressed_when_asked(client, demo_offers, encoding, decompress):
    for path in ("/oystre-slidre/", "/oystre-slidre/offers", "/api/services"):
        plain = client.get(path)
        assert "Content-Encoding" not in plain.headers, path
        compressed = client.get(path, headers={"Accept-Encoding": f"{encoding}, identity;q=0.5"})
        assert compressed.status_code == 200
        assert compressed.headers["Content-Encoding"] == encoding, path
        assert "Accept-Encoding" in compressed.headers["Vary"]
        assert len(compressed.get_data()) < len(plain.get_data()) / 2, path
        body = decompress(compressed.get_data())
        assert body.startswith(b"<!doctype html>") or body.startswith(b"{"), path


def test_brotli_is_preferred_to_gzip(client, municipalities):
    response = client.get("/oystre-slidre/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br"


def test_favicon(client, municipalities):
    html = client.get("/oystre-slidre/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="(/static/favicon-[0-9a-f]{32}\.svg)" type="image/svg\+xml">', html)
    assert icon, "no favicon link"
    svg = client.get(icon.group(1))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.get_data()
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.mimetype in {"image/vnd.microsoft.icon", "image/x-icon"}
    assert ico.get_data()[:4] == b"\x00\x00\x01\x00"  # an icon file


def _description(html: str) -> str:
    found = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert found, "no meta description"
    return found.group(1)


def test_meta_description_in_both_standards(client, demo_offers):
    nynorsk = _description(client.get("/oystre-slidre/").get_data(as_text=True))
    assert nynorsk == "Tilbod og aktivitetar, frivillig arbeid og avlasting for pårørande i Øystre Slidre kommune."
    bokmal = _description(client.get("/vestre-toten/").get_data(as_text=True))
    assert bokmal == "Tilbud og aktiviteter, frivillig arbeid og avlastning for pårørende i Vestre Toten kommune."
    landing = _description(client.get("/").get_data(as_text=True))
    assert landing.startswith("Tilbud og aktiviteter som hjelper deg å klare deg hjemme")
    assert _description(client.get("/oystre-slidre/offers").get_data(as_text=True)).startswith(
        "Aktivitetar og tilbod i Øystre Slidre"
    )
    for path in ("/login", "/oystre-slidre/guide", "/oystre-slidre/volunteer", "/vestre-toten/respite"):
        assert _description(client.get(path).get_data(as_text=True)), path


def test_offer_page_describes_the_offer(client, demo_offers):
    html = client.get("/oystre-slidre/offers?q=kaffe").get_data(as_text=True)
    link = re.search(r'href="(/oystre-slidre/offers/\d+)"', html).group(1)
    assert _description(client.get(link).get_data(as_text=True)).startswith("Helsetunet inviterer til kaffi og vaffel")


def test_a_worker_that_serves_pages_never_loads_the_heavy_libraries(tmp_path):
    """SciPy, pygal, qrcode and icalendar are imported inside the functions that use them: a worker
    showing pages does not carry them (issue 16: a worker ≤ 120 MB)."""
    script = f"""
import sys
from webapp import create_app
from webapp.extensions import db
from webapp.municipalities import demo
app = create_app({{"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path / "lazy.sqlite"}"}})
with app.app_context():
    db.create_all()
    demo.load()
client = app.test_client()
for path in ("/", "/oystre-slidre/", "/oystre-slidre/offers", "/login", "/api/services"):
    assert client.get(path).status_code == 200, path
heavy = {{"scipy", "pygal", "qrcode", "icalendar"}}
print("heavy:" + ",".join(sorted({{m.split(".")[0] for m in sys.modules}} & heavy)))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "heavy:\n" in result.stdout, result.stdout

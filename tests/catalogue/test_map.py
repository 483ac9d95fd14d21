"""The biobank map (/biobanks/map/): without JavaScript a list of the listed biobanks by city;
the map's data holds only listed biobanks with usable coordinates, as JSON that no name can
break out of; the page's Content-Security-Policy lets images come from the tile host and nothing
else new (and a tile setting it cannot name stops the start); without a tile service, no map at
all but the same list."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

DATA = re.compile(r'<script id="biobank-map-data" type="application/json">(.*?)</script>', re.S)
TILE_ORIGIN = "https://tile.openstreetmap.org"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def biobanks():
    factories.BiobankIndexPageFactory()
    made = {
        "antwerp": factories.BiobankFactory(
            name="Biobank Antwerp", location="Antwerp", latitude=51.22, longitude=4.40
        ),
        "brussels_b": factories.BiobankFactory(
            name="Brussels Tumour Bank", location="Brussels", latitude=50.85, longitude=4.35
        ),
        "brussels_a": factories.BiobankFactory(
            name="Another Brussels Biobank", location="Brussels", latitude=None, longitude=None
        ),
        "nowhere": factories.BiobankFactory(
            name="Biobank Without Place", location="", latitude=50.5, longitude=4.5
        ),
        "off_globe": factories.BiobankFactory(
            name="Ghent Typo Biobank", location="Ghent", latitude=510.5, longitude=3.7
        ),
        "withdrawn": factories.BiobankFactory(
            name="Closed Biobank", location="Antwerp", latitude=51.2, longitude=4.4, withdrawn=True
        ),
    }
    return made


def get_map(client=None):
    response = (client or Client()).get("/biobanks/map/")
    assert response.status_code == 200
    return response


def map_data(response) -> dict:
    match = DATA.search(response.content.decode())
    assert match, "no map data on the page"
    return json.loads(match.group(1))


def csp(response) -> dict[str, set[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def test_the_list_by_city_needs_no_javascript(biobanks):
    html = get_map().content.decode()
    headings = re.findall(r'<h3 id="place-\d+">(.*?)</h3>', html, re.S)
    assert [re.sub(r"<.*?>|\s+", " ", h).split(" (")[0].strip() for h in headings] == [
        "Antwerp",
        "Brussels",
        "Ghent",
        "Location not given",
    ]
    assert "(Belgium)" in headings[0]
    brussels = html.split('<h3 id="place-')[2]
    # Within a city, by name; a biobank without coordinates is listed all the same.
    assert brussels.index("Another Brussels Biobank") < brussels.index("Brussels Tumour Bank")
    assert '<a href="/biobanks/another-brussels-biobank/">' in brussels
    assert "Closed Biobank" not in html
    # One without coordinates and one whose latitude is off the globe.
    assert "2 of them have no coordinates in the catalogue" in html


def test_the_map_data_holds_only_listed_biobanks_with_valid_coordinates(biobanks):
    data = map_data(get_map())
    assert data["tiles"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in data["attribution"]
    markers = {m["name"]: m for m in data["markers"]}
    assert set(markers) == {"Biobank Antwerp", "Brussels Tumour Bank", "Biobank Without Place"}
    assert markers["Biobank Antwerp"] == {
        "name": "Biobank Antwerp",
        "url": "/biobanks/biobank-antwerp/",
        "place": "Antwerp, Belgium",
        "lat": 51.22,
        "lng": 4.4,
    }


def test_a_name_cannot_break_out_of_the_map_data(biobanks):
    name = '</script><script>alert("x")</script> & Co'
    factories.BiobankFactory(name=name, slug="sly", location="Liège", latitude=50.6, longitude=5.6)
    response = get_map()
    html = response.content.decode()
    assert "<script>alert" not in html
    assert name in [m["name"] for m in map_data(response)["markers"]]
    assert "&lt;/script&gt;&lt;script&gt;alert" in html  # the list shows it as text


def test_the_policy_lets_tiles_in_and_nothing_else_new(biobanks):
    client = Client()
    page = csp(get_map(client))
    finder = csp(client.get("/biobanks/"))
    assert page == finder  # the one site-wide policy, not loosened for this page
    assert TILE_ORIGIN in page["img-src"]
    assert page["img-src"] - {TILE_ORIGIN} == {"'self'", "data:", "blob:"}
    others = {name: sources for name, sources in page.items() if name != "img-src"}
    assert not any("openstreetmap" in source for sources in others.values() for source in sources)
    assert page["script-src"] == {"'self'"}
    assert page["connect-src"] == {"'self'"}


def test_without_a_tile_service_there_is_only_the_list(biobanks, settings):
    settings.BIOBANK_MAP_TILES = ""
    html = get_map().content.decode()
    assert 'id="biobank-map"' not in html
    assert "biobank-map-data" not in html
    assert "leaflet.js" not in html
    assert "tile.openstreetmap.org" not in html
    assert '<a href="/biobanks/biobank-antwerp/">Biobank Antwerp</a>' in html
    assert "2 of them have no coordinates in the catalogue" in html


def test_the_map_route_comes_before_a_biobank_slugged_map():
    factories.BiobankIndexPageFactory()
    factories.BiobankFactory(name="Map", slug="map", latitude=50.9, longitude=4.7)
    html = get_map().content.decode()
    assert "<h1>Map of biobanks</h1>" in html


def test_only_reading(biobanks):
    assert Client().post("/biobanks/map/").status_code == 405


def policy_with(tiles: str) -> subprocess.CompletedProcess:
    """hub/settings/policies.py as a server started with BIOBANK_MAP_TILES=`tiles` reads it."""
    code = (
        "import json, hub.settings.policies as p; print(json.dumps([p.BIOBANK_MAP_TILES,"
        " p.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    env = {**os.environ, "BIOBANK_MAP_TILES": tiles}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("tiles", "img_src"),
    [
        ("", []),  # no map: no outside image host either
        ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", ["https://*.tiles.example.org"]),
        ("https://maps.example.org:8443/t/{z}/{x}/{y}.png?k=1", ["https://maps.example.org:8443"]),
    ],
)
def test_the_tile_setting_decides_the_image_host(tiles, img_src):
    result = policy_with(tiles)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [tiles, ["'self'", "data:", "blob:", *img_src]]


@pytest.mark.parametrize("tiles", ["http://tiles.example.org/{z}/{x}/{y}.png", "/{z}/{x}/{y}.png"])
def test_a_tile_service_the_policy_cannot_name_stops_the_start(tiles):
    result = policy_with(tiles)
    assert result.returncode != 0
    assert "is not an https:// tile URL template" in result.stderr

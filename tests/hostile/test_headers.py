"""Security headers on every kind of response, and the production settings behind them.

Each kind of response the hub sends (a page, a listing, a form, a 404, a static file served by
WhiteNoise, a document download, JSON, a feed, the admin's sign-in page) must carry a
Content-Security-Policy whose scripts exclude 'unsafe-inline', a frame-ancestors rule,
X-Content-Type-Options: nosniff and a Referrer-Policy. Under the production settings (read from
hub.settings.production in a subprocess, then applied here) the site also sends HSTS, redirects
plain HTTP, and marks the session and CSRF cookies Secure and HttpOnly while its forms keep
working; and `manage.py check --deploy` is clean with nothing but the required variables.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-Long-passw0rd!"
REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def _public_document_url():
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    Document = get_document_model()
    for document in Document.objects.select_related("collection").order_by("pk"):
        if not document.collection.get_view_restrictions().exists():
            return document.url
    document = Document(title="Minutes", collection=Collection.get_first_root_node())
    document.file.save("hostile-headers-minutes.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    document.save()
    return document.url


def _biobank_api_url():
    from community.models import Biobank

    return f"/biobanks/api/{Biobank.objects.filter(withdrawn=False).order_by('pk').first().slug}/"


# name: (how to find the URL, the Content-Types it may have: proof the right thing answered)
RESPONSES = {
    "page": (lambda: "/", {"text/html"}),
    "listing": (lambda: "/events/", {"text/html"}),
    "form": (lambda: "/newsletter/", {"text/html"}),
    "404": (lambda: "/no-such-page-here/", {"text/html"}),
    "static file (WhiteNoise)": (lambda: "/static/css/site.css", {"text/css"}),
    "static SVG (WhiteNoise)": (lambda: "/static/img/favicon.svg", {"image/svg+xml"}),
    "document download": (_public_document_url, {"application/pdf", "text/plain"}),
    "JSON (biobank API)": (_biobank_api_url, {"application/json"}),
    "JSON (search autocomplete)": (lambda: "/search/autocomplete/?q=bio", {"application/json"}),
    "feed (RSS)": (lambda: "/news/feed/rss/", {"application/rss+xml"}),
    "feed (iCalendar)": (lambda: "/events/feed.ics", {"text/calendar"}),
    "admin sign-in": (lambda: "/admin/login/", {"text/html"}),
}
KNOWN_GAPS = {}  # (check, response) -> why it is expected to fail; none left


def _cases(check):
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[check, name]))
        if (check, name) in KNOWN_GAPS
        else name
        for name in RESPONSES
    ]


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


@pytest.fixture
def fetch(site_tree, settings):
    # As in production, where collectstatic fills STATIC_ROOT: WhiteNoise serves the files
    # (in tests it finds them through the finders). A new Client builds the middleware anew.
    settings.WHITENOISE_USE_FINDERS = True

    def get(name):
        find_url, content_types = RESPONSES[name]
        url = find_url()
        response = Client().get(url)
        if name == "404":
            assert response.status_code == 404
        else:
            assert response.status_code == 200, (name, url, response.status_code)
        served_as = response["Content-Type"].split(";")[0].strip()
        assert served_as in content_types, (name, url, served_as)
        if name.startswith("static"):
            assert "whitenoise" in type(response).__module__, "not served by WhiteNoise"
        return response

    return get


@pytest.mark.parametrize("name", RESPONSES)
def test_every_response_forbids_sniffing_leaking_referrers_and_framing(fetch, name):
    response = fetch(name)
    assert response.get("X-Content-Type-Options") == "nosniff"
    assert response.get("Referrer-Policy") in REFERRER_POLICIES
    # Whatever else, no other site may frame it (the CSP rule, or the older header).
    ancestors = policy(response).get("frame-ancestors")
    assert ancestors in (["'self'"], ["'none'"]) or response.get("X-Frame-Options") in (
        "DENY",
        "SAMEORIGIN",
    )


@pytest.mark.parametrize("name", _cases("script-src"))
def test_every_response_has_a_script_policy_without_inline_scripts(fetch, name):
    directives = policy(fetch(name))
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts, "neither script-src nor default-src: any script may run"
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert "*" not in scripts and "data:" not in scripts
    assert directives.get("object-src", directives.get("default-src")) in (["'none'"],)


@pytest.mark.parametrize("name", _cases("frame-ancestors"))
def test_every_response_names_its_frame_ancestors(fetch, name):
    assert policy(fetch(name)).get("frame-ancestors") in (["'self'"], ["'none'"])


def test_the_admin_sign_in_page_needs_no_inline_script(fetch):
    """So the strict policy can cover it (see KNOWN_GAPS): every script it has is a file, or
    JSON data that is never run."""
    page = fetch("admin sign-in").content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts
    inline = [tag for tag in scripts if "src=" not in tag and "application/json" not in tag]
    assert inline == []
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), "an inline event handler"


# --- Production settings ----------------------------------------------------------------------

SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
]
HOST = "hub.example.org"


def minimal_environment(tmp_path, **more) -> dict:
    """Only what production requires, nothing inherited from this shell or CI."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": HOST,
        "HUB_VAR_DIR": str(tmp_path / "var"),
        **more,
    }


@pytest.fixture(scope="module")
def production_values(tmp_path_factory):
    code = (
        "import json, hub.settings.production as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SECURITY_SETTINGS!r} if hasattr(s, n)}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=minimal_environment(tmp_path_factory.mktemp("production")),
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    if values.get("SECURE_PROXY_SSL_HEADER"):
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(production_values, settings, site_tree):
    """This test process behaves as production does, as far as security goes."""
    for name, value in production_values.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = [*production_values["ALLOWED_HOSTS"], "testserver"]
    return production_values


def https_client(**extra) -> Client:
    # Behind the TLS-terminating proxy, which says so in X-Forwarded-Proto.
    return Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=HOST, **extra)


def test_production_sends_hsts_and_redirects_plain_http(production):
    response = Client(HTTP_HOST=HOST).get("/about/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/about/"

    response = https_client().get("/")
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 60 * 60 * 24 * 365
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert response["X-Frame-Options"] == "DENY"
    assert "upgrade-insecure-requests" in policy(response)


def test_production_cookies_are_secure_and_hidden_from_scripts(production, settings, user_factory):
    user_factory("member@example.org", password=PASSWORD)
    client = https_client()

    form = client.get("/accounts/login/")
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    assert csrf["samesite"].lower() in ("lax", "strict")

    response = client.post(
        "/accounts/login/", {"login": "member@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"].lower() in ("lax", "strict")


def test_forms_work_with_an_httponly_csrf_cookie(production):
    """CSRF_COOKIE_HTTPONLY is safe only because nothing reads the cookie: forms carry the
    token in the page, and the Wagtail admin reads it from its page config."""
    client = https_client(enforce_csrf_checks=True)
    page = client.get("/newsletter/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token, "the form carries no CSRF token"
    response = client.post(
        "/newsletter/",
        {"email": "reader@example.org", "consent": "on", "csrfmiddlewaretoken": token.group(1)},
        HTTP_REFERER=f"https://{HOST}/newsletter/",
    )
    assert response.status_code == 302, response.content.decode()[:500]

    # No script of the hub reads the cookie: it could not, and need not.
    scripts = [
        path
        for folder in ("static", "home", "community", "events", "funding", "hub")
        for path in (ROOT / folder).rglob("*.js")
    ]
    assert scripts, "no JavaScript found: the scan looks in the wrong place"
    for path in scripts:
        source = path.read_text(encoding="utf-8")
        assert "csrftoken" not in source, f"{path} reads the CSRF cookie"


def test_the_admin_takes_its_csrf_token_from_the_page(production, user_factory):
    editor = user_factory("editor@example.org", password=PASSWORD, is_staff=True, is_superuser=True)
    client = https_client()
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert re.search(r'"CSRF_TOKEN": "\w{32,}"', page), (
        "the admin page carries no CSRF token: its JavaScript would need the cookie"
    )


def test_check_deploy_is_clean_with_only_the_required_variables(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=minimal_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("name", RESPONSES)
def test_every_response_turns_off_browser_features_the_hub_never_uses(fetch, name):
    features = dict(
        part.strip().split("=", 1) for part in fetch(name)["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features.get(feature) == "()", feature

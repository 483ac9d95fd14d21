"""Production settings: refuse to start half-configured, and pass Django's deploy checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hub.env import env_bool

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="hub.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "hub.example.org"}


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY must be set"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS must list")],
)
def test_production_refuses_to_start_without(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manage("check", SECRET_KEY="short", ALLOWED_HOSTS="hub.example.org")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_a_misspelt_boolean():
    result = run_manage("check", DEBUG="ture", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("Yes", True), ("1", True), ("off", False), (" no ", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("HUB_FLAG", raw)
    assert env_bool("HUB_FLAG") is expected


def test_env_bool_takes_the_default_only_when_unset(monkeypatch):
    monkeypatch.delenv("HUB_FLAG", raising=False)
    assert env_bool("HUB_FLAG", True) is True


# Empty too: `SECURE_SSL_REDIRECT=` once meant false, turning the redirect off unnoticed.
@pytest.mark.parametrize("raw", ["maybe", "", "  ", "ture"])
def test_env_bool_rejects_anything_else(monkeypatch, raw):
    monkeypatch.setenv("HUB_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="is not a boolean"):
        env_bool("HUB_FLAG", True)


def production_setting(name, **env):
    """A value of hub.settings.production under this environment (read, not acted upon: the
    optional engines' client libraries need not be installed for the wiring to be checked)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    environment.update(PRODUCTION_ENV, **env)
    code = f"import json, hub.settings.production as s; print(json.dumps(s.{name}, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_scale_out_is_configured_from_the_environment():
    # Defaults: one machine, the on-disk whoosh index, media on local disk.
    default_search = production_setting("WAGTAILSEARCH_BACKENDS")["default"]
    assert default_search["BACKEND"] == "hub.search.backend"
    assert "storages" not in production_setting("STORAGES")["default"]["BACKEND"]

    search = production_setting(
        "WAGTAILSEARCH_BACKENDS",
        SEARCH_URLS="https://search-1:9200,https://search-2:9200",
        SEARCH_ENGINE="opensearch2",
    )["default"]
    assert search["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert search["URLS"] == ["https://search-1:9200", "https://search-2:9200"]
    assert search["INDEX_PREFIX"] == "hub_"

    storage = production_setting(
        "STORAGES", MEDIA_S3_BUCKET="hub-media", MEDIA_S3_ENDPOINT_URL="https://s3.example.org"
    )["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "hub-media"
    assert storage["OPTIONS"]["default_acl"] is None

    cache = production_setting("CACHES", REDIS_URL="redis://cache:6379/0")["default"]
    assert cache["BACKEND"] == "hub.cache_backends.ResilientRedisCache"
    # A hanging Redis must not hold a request for seconds (tests/faults/test_cache_faults.py).
    assert cache["OPTIONS"] == {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
    assert cache["KEY_PREFIX"].startswith("hub-")


def test_each_release_has_its_own_cache_keys():
    first = production_setting("CACHES", HUB_RELEASE="2027.1")["default"]["KEY_PREFIX"]
    second = production_setting("CACHES", HUB_RELEASE="2027.2")["default"]["KEY_PREFIX"]
    assert first != second


def test_rate_limits_trust_no_forwarded_address_unless_told():
    assert production_setting("ALLAUTH_TRUSTED_PROXY_COUNT") == 0
    assert production_setting("ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="1") == 1


def test_production_keeps_database_connections_between_requests():
    assert (
        production_setting("DATABASES", DATABASE_CONN_MAX_AGE="")["default"]["CONN_MAX_AGE"] == 60
    )
    database = production_setting("DATABASES", DATABASE_CONN_MAX_AGE="0")["default"]
    assert database["CONN_MAX_AGE"] == 0 and database["CONN_HEALTH_CHECKS"] is True


def test_an_unknown_search_engine_is_refused():
    result = run_manage(
        "check", SEARCH_URLS="https://search:9200", SEARCH_ENGINE="solr", **PRODUCTION_ENV
    )
    assert result.returncode != 0
    assert "SEARCH_ENGINE='solr' is not one of" in result.stderr

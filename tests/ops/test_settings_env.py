"""Settings that follow the process: the environment file, manage.py's dev default, strict
booleans, ADMINS, the JSON log format and Sentry.

Most run manage.py or Python in a subprocess, as cron, a shell or gunicorn would: what is
tested is what happens before and while the settings load.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import path

from hub.env import env_admins, load_env_file, parse_env_file
from hub.observability import redact

REPO = Path(__file__).resolve().parents[2]
SECRET = secrets.token_urlsafe(60)


def clean_environment(tmp_path, **more) -> dict:
    """This process's environment without what pytest or the shell set for the settings."""
    dropped = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in dropped and not k.startswith(("PYTEST", "HUB_", "SENTRY", "LOG_"))
    }
    env.update(HUB_VAR_DIR=str(tmp_path / "var"), **more)
    return env


def run(args, env, timeout=120):
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )


SHOW_SETTINGS = (
    "from django.conf import settings; import json; print(json.dumps({"
    "'module': settings.SETTINGS_MODULE, 'hosts': settings.ALLOWED_HOSTS, "
    "'ssl_redirect': getattr(settings, 'SECURE_SSL_REDIRECT', None), "
    "'admins': settings.ADMINS}))"
)


def shown(result) -> dict:
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def write_env_file(tmp_path, text: str) -> Path:
    env_file = tmp_path / "hub.env"
    env_file.write_text(text)
    return env_file


PRODUCTION_FILE = f"""# What cron, a shell, gunicorn and the worker share.
DJANGO_SETTINGS_MODULE=hub.settings.production
SECRET_KEY='{SECRET}'
ALLOWED_HOSTS=hub.example.org
ADMINS="Site Team <team@example.org>,ops@example.org"
"""


# --- The environment file ----------------------------------------------------------------------


def test_manage_py_reads_the_environment_file_and_the_environment_wins(tmp_path):
    env_file = write_env_file(tmp_path, PRODUCTION_FILE)
    env = clean_environment(tmp_path, HUB_ENV_FILE=str(env_file))
    settings = shown(run(["manage.py", "shell", "-c", SHOW_SETTINGS], env))
    # The settings module too: without the file, manage.py would have used the dev settings.
    assert settings["module"] == "hub.settings.production"
    assert settings["hosts"] == ["hub.example.org"]
    assert settings["admins"] == [
        ["Site Team", "team@example.org"],
        ["ops@example.org", "ops@example.org"],
    ]

    env.update(ALLOWED_HOSTS="other.example.org", SECURE_SSL_REDIRECT="false")
    settings = shown(run(["manage.py", "shell", "-c", SHOW_SETTINGS], env))
    assert settings["hosts"] == ["other.example.org"]
    assert settings["ssl_redirect"] is False


def test_the_wsgi_application_reads_the_same_file(tmp_path):
    env_file = write_env_file(tmp_path, PRODUCTION_FILE)
    env = clean_environment(tmp_path, HUB_ENV_FILE=str(env_file))
    settings = shown(run(["-c", f"import hub.wsgi; {SHOW_SETTINGS}"], env))
    assert settings["module"] == "hub.settings.production"
    assert settings["hosts"] == ["hub.example.org"]


def test_a_missing_environment_file_stops_manage_py(tmp_path):
    missing = tmp_path / "nowhere.env"
    env = clean_environment(tmp_path, HUB_ENV_FILE=str(missing))
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert f"HUB_ENV_FILE={str(missing)!r} cannot be read (No such file or directory)" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_malformed_line_stops_manage_py_and_wsgi_with_its_line_number(tmp_path):
    env_file = write_env_file(tmp_path, PRODUCTION_FILE + "export LOG_LEVEL=INFO\n")
    env = clean_environment(tmp_path, HUB_ENV_FILE=str(env_file))
    expected = f"{env_file}, line 6: write KEY=value without `export`"
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0 and expected in result.stderr
    result = run(["-c", "import hub.wsgi"], env)
    assert result.returncode != 0 and expected in result.stderr


def test_the_environment_file_syntax():
    values = parse_env_file(
        "# a comment\n"
        "\n"
        "PLAIN=postgres://hub:pa#ss@db:5432/hub\n"
        "SINGLE='a \\ b \"c\"'\n"
        'DOUBLE="say \\"hi\\" \\\\ \\$HOME"\n'
        "EMPTY=\n"
        "  SPACED = value  \n"
    )
    assert values == {
        "PLAIN": "postgres://hub:pa#ss@db:5432/hub",  # no comment after a value
        "SINGLE": 'a \\ b "c"',
        "DOUBLE": 'say "hi" \\ $HOME',
        "EMPTY": "",
        "SPACED": "value",
    }


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("JUST_A_NAME", "expected KEY=value"),
        ("export DEBUG=false", "without `export`"),
        ("2FA=on", "is not a variable name"),
        ("A=1\nA=2", "A is set twice"),
        ("A='unterminated", "must end with its quote"),
        ('A="one" two', "must end with its quote"),
        ("A=it's", "need the whole value quoted"),
        ('A="\\q"', "unknown escape"),
    ],
)
def test_a_malformed_environment_file_is_refused(line, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        parse_env_file(line, "hub.env")


def test_variables_already_set_win_over_the_file(tmp_path):
    env_file = write_env_file(tmp_path, "A=from-file\nB=from-file\nC=from-file\n")
    environ = {"HUB_ENV_FILE": str(env_file), "A": "from-environment", "B": ""}
    assert load_env_file(environ) == env_file
    assert environ["A"] == "from-environment"
    assert environ["B"] == ""  # set, even if empty
    assert environ["C"] == "from-file"
    assert load_env_file({}) is None


def test_the_documented_example_file_configures_production(tmp_path):
    example = REPO / "docs" / "hub.env.example"
    env = clean_environment(tmp_path, HUB_ENV_FILE=str(example))  # HUB_VAR_DIR: this test's
    code = (
        "from hub.env import load_env_file; load_env_file(); "
        "import json, hub.settings.production as s; "
        "print(json.dumps({'hosts': s.ALLOWED_HOSTS, 'admins': s.ADMINS, "
        "'engine': s.DATABASES['default']['ENGINE'], 'task_age': s.READY_MAX_TASK_AGE_SECONDS}))"
    )
    settings = shown(run(["-c", code], env))
    assert settings == {
        "hosts": ["hub.example.org"],
        "admins": [["Hub team", "hub-team@example.org"]],
        "engine": "django.db.backends.postgresql",
        "task_age": 900,
    }


# --- Development settings never run against a production database -------------------------


def test_dev_settings_refuse_a_postgresql_database(tmp_path):
    env = clean_environment(tmp_path, DATABASE_URL="postgres://hub@127.0.0.1:1/hub")
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE=hub.settings.production" in result.stderr
    assert "HUB_ALLOW_DEV_SETTINGS=true" in result.stderr

    env["HUB_ALLOW_DEV_SETTINGS"] = "true"
    result = run(["manage.py", "check"], env)
    assert result.returncode == 0, result.stderr


def test_dev_settings_still_run_on_sqlite(tmp_path):
    result = run(["manage.py", "shell", "-c", SHOW_SETTINGS], clean_environment(tmp_path))
    assert shown(result)["module"] == "hub.settings.dev"


# --- Booleans ---------------------------------------------------------------------------------


def test_an_empty_boolean_stops_production(tmp_path):
    env = clean_environment(
        tmp_path,
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="hub.example.org",
        SECURE_SSL_REDIRECT="",
    )
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT='' is not a boolean" in result.stderr


# --- ADMINS ------------------------------------------------------------------------------------


def test_admins_are_read_with_or_without_names(monkeypatch):
    monkeypatch.setenv("ADMINS", '"Doe, Jane" <jane@example.org>, Ops <ops@example.org>,x@y.org')
    assert env_admins() == [
        ("Doe, Jane", "jane@example.org"),
        ("Ops", "ops@example.org"),
        ("x@y.org", "x@y.org"),
    ]
    monkeypatch.setenv("ADMINS", "")
    assert env_admins() == []


@pytest.mark.parametrize("value", ["Doe, Jane <jane@example.org>", "ops", "Ops <ops@>"])
def test_admins_that_are_not_addresses_are_refused(monkeypatch, value):
    monkeypatch.setenv("ADMINS", value)
    with pytest.raises(ImproperlyConfigured, match="is not an e-mail address"):
        env_admins()


def _broken_view(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("broken/", _broken_view)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_mailed_to_the_admins(client, settings):
    """The LOGGING of hub.settings.base keeps Django's mail to ADMINS on server errors."""
    settings.ADMINS = [("Ops", "ops@example.org")]
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    [message] = mail.outbox
    assert message.to == ["ops@example.org"]
    assert "RuntimeError" in message.body and "the view broke" in message.body


# --- LOG_FORMAT=json ---------------------------------------------------------------------------

LOG_SOMETHING = """
import django, logging
django.setup()
log = logging.getLogger("hub.example")
log.warning("first line\\nsecond line", extra={"status_code": 503})
try:
    1 / 0
except ZeroDivisionError:
    log.exception("it failed")
"""


def test_log_format_json_writes_one_json_object_a_line(tmp_path):
    env = clean_environment(tmp_path, DJANGO_SETTINGS_MODULE="hub.settings.test", LOG_FORMAT="json")
    result = run(["-c", LOG_SOMETHING], env)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    warning, error = [entry for entry in lines if entry["logger"] == "hub.example"]
    assert warning["level"] == "WARNING"
    assert warning["message"] == "first line\nsecond line"
    assert warning["status_code"] == 503
    assert warning["time"].endswith("+00:00")
    assert error["level"] == "ERROR" and error["message"] == "it failed"
    assert "ZeroDivisionError" in error["exception"]


def test_an_unknown_log_format_is_refused(tmp_path):
    env = clean_environment(tmp_path, DJANGO_SETTINGS_MODULE="hub.settings.test", LOG_FORMAT="xml")
    result = run(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "LOG_FORMAT='xml': use text or json." in result.stderr


def test_access_log_redaction_removes_tokens_and_query_strings():
    line = (
        'GET /events/day/registration/eyJwIjo1fQ/1a2b3c/Zm9vYmFy/?from=mail HTTP/1.1 "'
        "https://hub.example.org/newsletter/confirm/abc123/"
    )
    redacted = redact(line)
    for secret in ("eyJwIjo1fQ", "1a2b3c", "Zm9vYmFy", "from=mail", "abc123"):
        assert secret not in redacted
    assert "/events/day/registration/…/?…" in redacted
    assert "/newsletter/confirm/…/" in redacted
    assert redact("/accounts/password/reset/key/3-abc-def/") == "/accounts/password/reset/key/…/"
    assert redact("/funding/unsubscribe/tok/") == "/funding/unsubscribe/…/"
    assert redact("/biobanks/") == "/biobanks/"


# --- Sentry ------------------------------------------------------------------------------------


def test_sentry_events_carry_no_link_tokens():
    from hub.observability import without_tokens

    event = {
        "request": {
            "url": "https://hub.example.org/newsletter/unsubscribe/tok123/",
            "query_string": "email=a%40example.org",
            "headers": {"Referer": "https://hub.example.org/funding/unsubscribe/tok456/"},
        }
    }
    request = without_tokens(event, {})["request"]
    assert request["url"] == "https://hub.example.org/newsletter/unsubscribe/…/"
    assert request["query_string"] == "…"
    assert request["headers"]["Referer"] == "https://hub.example.org/funding/unsubscribe/…/"


def production_environment(tmp_path, **more):
    return clean_environment(
        tmp_path,
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="hub.example.org",
        **more,
    )


def test_sentry_dsn_without_sentry_sdk_is_refused(tmp_path):
    env = production_environment(tmp_path, SENTRY_DSN="https://key@sentry.example.org/1")
    # As if the `sentry` extra were not installed: importing sentry_sdk fails.
    blocked = "import sys; sys.modules['sentry_sdk'] = None; import hub.settings.production"
    result = run(["-c", blocked], env)
    assert result.returncode != 0
    assert "SENTRY_DSN is set but sentry-sdk is not installed" in result.stderr


def test_sentry_dsn_initialises_the_client_without_personal_data(tmp_path):
    try:
        import sentry_sdk  # noqa: F401
    except ImportError:
        from tests.conftest import _missing

        _missing("needs sentry-sdk (the test extra installs it)")
    env = production_environment(
        tmp_path,
        SENTRY_DSN="https://key@127.0.0.1:9/1",  # nothing is sent: no event is raised
        SENTRY_ENVIRONMENT="staging",
        HUB_RELEASE="2027.1",
    )
    code = (
        "import json, sentry_sdk, hub.settings.production as s; "
        "c = sentry_sdk.get_client(); o = c.options; "
        "print(json.dumps({'active': c.is_active(), 'release': o.get('release'), "
        "'expected': s.RELEASE, 'environment': o.get('environment'), "
        "'pii': o.get('send_default_pii'), 'django': 'django' in getattr(c, 'integrations', {}), "
        "'scrubbed': getattr(o.get('before_send'), '__name__', None)}))"
    )
    options = shown(run(["-c", code], env))
    assert options["active"] is True
    assert options["release"] == options["expected"]
    assert options["environment"] == "staging"
    assert options["pii"] is False
    assert options["django"] is True
    assert options["scrubbed"] == "without_tokens"

    assert shown(run(["-c", code], production_environment(tmp_path)))["active"] is False

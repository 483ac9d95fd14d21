"""Logs and error reports: the JSON log format, gunicorn's access log, Sentry.

- ``JSONFormatter``: ``LOG_FORMAT=json`` (hub.settings.base LOGGING, hub/gunicorn.conf.py) writes
  one JSON object a line (time, level, logger, message, exception) for a log collector.
- ``AccessLogger``: gunicorn's logger with the bearer tokens taken out of what it logs. Personal
  links carry them in the path (a registration's cancel link, newsletter and alert
  confirmation and unsubscribe links, allauth's e-mail confirmation and password reset keys):
  whoever reads the access log could otherwise cancel a registration. Query strings are cut
  too (nothing the hub needs to see in a log).
- ``init_sentry``: error reports to Sentry (or a compatible service) when ``SENTRY_DSN`` is set
  (hub.settings.production), without personal data or the tokens of personal links.
"""

import datetime
import json
import logging
import re

from django.core.exceptions import ImproperlyConfigured
from gunicorn.glogging import Logger as GunicornLogger

# The standard attributes of a LogRecord; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class JSONFormatter(logging.Formatter):
    """One JSON object per record, on one line (a traceback is a string inside it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Python's warnings too (they go to stderr as raw lines otherwise): logger py.warnings.
        logging.captureWarnings(True)

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # Plain values passed with `extra=` (status_code, say); objects such as Django's
        # request would not serialise, and may hold what a log must not.
        for key, value in vars(record).items():
            plain = isinstance(value, str | int | float | bool) or value is None
            if plain and key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False)


# --- gunicorn's access log -------------------------------------------------------------------

REDACTED = "…"
# Path segments that are bearer tokens (see each app's URLs): the prefix is kept.
TOKEN_PATHS = [
    re.compile(r"(/newsletter/(?:confirm|unsubscribe)/)[^/?\s]+"),
    re.compile(r"(/funding/unsubscribe/)[^/?\s]+"),
    re.compile(r"(/accounts/confirm-email/)[^/?\s]+"),
    re.compile(r"(/accounts/password/reset/key/)[^/?\s]+"),
    re.compile(r"(/registration/)[^/?\s]+/[^/?\s]+/[^/?\s]+"),  # events: payload/stamp/signature
]
QUERY = re.compile(r"\?[^\s\"]*")


def redact(text: str) -> str:
    """`text` (a path, a URL or a request line) without query strings and path tokens."""
    if not text or text == "-":
        return text
    text = QUERY.sub("?" + REDACTED, text)
    for pattern in TOKEN_PATHS:
        text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
    return text


class AccessLogger(GunicornLogger):
    """gunicorn's Logger; the request line, path, query and referrer atoms redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            atoms[key] = redact(atoms.get(key, "-"))
        if atoms.get("q"):
            atoms["q"] = REDACTED
        return atoms


# --- Error reports -----------------------------------------------------------------------------


def init_sentry(dsn: str, *, release: str, environment: str) -> None:
    """Report unhandled errors (and ERROR log records) to the Sentry-compatible service at
    `dsn`. No personal data: no cookies, user ids, addresses or request bodies."""
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: install the `sentry` extra "
            "(pip install -e '.[sentry]') or unset SENTRY_DSN."
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        release=release,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        before_send=without_tokens,
        before_breadcrumb=breadcrumb_without_tokens,
        # Errors only: performance tracing is a choice of its own (and a cost per request).
        traces_sample_rate=None,
    )


def without_tokens(event, hint):
    """A Sentry event without the tokens of personal links or query strings (the request's
    URL and referrer, as in the access log): they open a member's registration or address."""
    request = event.get("request") or {}
    if request.get("url"):
        request["url"] = redact(request["url"])
    if request.get("query_string"):
        request["query_string"] = REDACTED
    headers = request.get("headers") or {}
    for name in headers:
        if name.lower() == "referer":
            headers[name] = redact(headers[name])
    # Log messages name paths too ("Not Found: /events/…/registration/<token>/").
    logentry = event.get("logentry") or {}
    for key in ("message", "formatted"):
        if isinstance(logentry.get(key), str):
            logentry[key] = redact(logentry[key])
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values", []):
        breadcrumb_without_tokens(breadcrumb, None)
    return event


def breadcrumb_without_tokens(breadcrumb, hint):
    """The trail of log lines and requests before an error, with the same redaction."""
    if isinstance(breadcrumb.get("message"), str):
        breadcrumb["message"] = redact(breadcrumb["message"])
    data = breadcrumb.get("data") or {}
    if isinstance(data.get("url"), str):
        data["url"] = redact(data["url"])
    return breadcrumb

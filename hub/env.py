"""Reading configuration from the environment, strictly.

A typo such as ``DEBUG=flase`` must stop the start-up, not silently mean True; so must an
empty ``SECURE_SSL_REDIRECT=``. ``load_env_file`` reads ``HUB_ENV_FILE`` for every entry point
(manage.py, hub.wsgi, the gunicorn config), so cron, a shell, the web and the worker share one
configuration.
"""

import os
import re
from email.utils import getaddresses
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in _TRUE:
        return True
    if normalised in _FALSE:
        return False
    # An empty value too: `SECURE_SSL_REDIRECT=` read as false turned a security setting off.
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0"
        " (or leave the variable out for its default)."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_admins(name: str = "ADMINS") -> list[tuple[str, str]]:
    """Django's ADMINS from ``Name <a@example.org>,b@example.org`` (names optional; a name with
    a comma must be quoted: ``"Doe, Jane" <j@example.org>``)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = env_str(name)
    if not value:
        return []
    admins = []
    for display_name, address in getaddresses([value]):
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f"{name}={value!r}: {address or display_name!r} is not an e-mail address "
                "(write Name <a@example.org>,b@example.org; quote a name with a comma)."
            ) from None
        admins.append((display_name or address, address))
    return admins


# --- The environment file ---------------------------------------------------------------------
# A strict subset of what systemd's EnvironmentFile= reads, so that one file serves the units
# and manage.py alike: KEY=value lines (no `export`, no comment after a value), blank lines and
# # comments, a value optionally in single quotes (taken as written) or double quotes (\" \\
# \$ \n escapes). Anything else stops the start-up with the file and line: a half-read
# configuration is worse than none (python-dotenv skips a line it cannot parse, with a warning).

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOUBLE_QUOTED_ESCAPES = {'"': '"', "\\": "\\", "$": "$", "n": "\n", "`": "`"}


def parse_env_file(text: str, source: str = "<env file>") -> dict[str, str]:
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue

        def bad(problem: str, number=number):
            return ImproperlyConfigured(f"{source}, line {number}: {problem}")

        key, equals, value = line.partition("=")
        key = key.strip()
        if not equals:
            raise bad("expected KEY=value")
        if key.startswith("export "):
            raise bad("write KEY=value without `export`")
        if not _KEY.fullmatch(key):
            raise bad(f"{key!r} is not a variable name")
        if key in values:
            raise bad(f"{key} is set twice")
        values[key] = _unquote(value.strip(), bad)
    return values


def _unquote(value: str, bad) -> str:
    if not value or value[0] not in "'\"":
        if any(char in value for char in "'\"\\"):
            raise bad("quotes and backslashes need the whole value quoted")
        if " #" in value or "\t#" in value:
            # systemd keeps "x # note" as the value; a reader would think it a comment.
            raise bad("a comment goes on a line of its own (or quote the value)")
        return value
    quote = value[0]
    if len(value) < 2 or value[-1] != quote:
        raise bad("a quoted value must end with its quote (and nothing after it)")
    inner = value[1:-1]
    if quote == "'":
        if "'" in inner:
            raise bad("a single-quoted value cannot contain a single quote")
        return inner
    result, chars = [], iter(inner)
    for char in chars:
        if char == '"':
            raise bad('escape a double quote inside double quotes as \\"')
        if char == "\\":
            escaped = next(chars, "")
            if escaped not in _DOUBLE_QUOTED_ESCAPES:
                raise bad(f"unknown escape \\{escaped}")
            char = _DOUBLE_QUOTED_ESCAPES[escaped]
        result.append(char)
    return "".join(result)


def load_env_file(environ=None) -> Path | None:
    """Read the file named by ``HUB_ENV_FILE`` into `environ` (``os.environ``): variables
    already set (even to an empty value) win over the file. Returns the file read, if any.

    Raises ImproperlyConfigured when the file is missing, unreadable or malformed."""
    environ = os.environ if environ is None else environ
    name = environ.get("HUB_ENV_FILE", "").strip()
    if not name:
        return None
    path = Path(name).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ImproperlyConfigured(
            f"HUB_ENV_FILE={name!r} cannot be read ({reason or error})."
        ) from None
    for key, value in parse_env_file(text, str(path)).items():
        environ.setdefault(key, value)
    return path


APPS = ("hub", "home", "community", "events", "funding")


def release_id(base_dir) -> str:
    """A short name of the code being run: ``HUB_RELEASE`` if set, else the git commit (or,
    without git, a digest of the Python sources), with Django's and Wagtail's versions.

    The cache's KEY_PREFIX: after a deploy or an upgrade of either library, nothing pickled by
    the previous code is read again."""
    import hashlib
    from pathlib import Path

    import django
    import wagtail

    base = Path(base_dir)
    code = env_str("HUB_RELEASE") or _git_commit(base / ".git")
    if not code:
        digest = hashlib.sha1(usedforsecurity=False)
        for app in APPS:
            for path in sorted((base / app).glob("**/*.py")):
                digest.update(path.read_bytes())
        code = digest.hexdigest()
    versions = f"{code}-{django.__version__}-{wagtail.__version__}"
    return hashlib.sha1(versions.encode(), usedforsecurity=False).hexdigest()[:12]


def _git_commit(git_dir) -> str | None:
    """The commit checked out in `git_dir`, read from its files (no git program needed)."""
    try:
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git_dir / ref).is_file():
            return (git_dir / ref).read_text().strip()
        for line in (git_dir / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        return None
    return None

"""Reading configuration from the environment, strictly.

A typo such as ``DEBUG=flase`` must stop the start-up, not silently mean True.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


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
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0."
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

"""The one base URL of the site (settings.HUB_BASE_URL) and absolute links made from it.

Every absolute link the hub writes (mails, feeds, the sitemap's robots.txt line, exports, JSON-LD,
Open Graph) comes from here, with or without a request: a mail sent by a worker or a cron job
links the same host, port and scheme as one sent while answering a page, and a reader who
reached the site by another name (an IP address, an old host) still gets the canonical links.
Wagtail's own full URLs (the sitemap, admin "view live") come from the default Site, which
`manage.py setup_site` sets from the same value (hub/checks.py warns when the two differ).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import iri_to_uri

DEFAULT_PORTS = {"http": 80, "https": 443}


class BadBaseURL(ValueError):
    """The message says what is wrong, for an operator."""


def parse(url: str) -> tuple[str, str, int]:
    """(scheme, host name, port) of a base URL; `BadBaseURL` unless it is http(s)://host[:port]
    with nothing after it but an optional trailing slash."""
    value = (url or "").strip()
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:  # a port that is not a number or out of range
        raise BadBaseURL(f"{value!r} is not a valid URL ({error}).") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadBaseURL(f"{value!r} must start with http:// or https://.")
    if not parts.hostname:
        raise BadBaseURL(f"{value!r} has no host name.")
    if parts.username is not None or parts.password is not None:
        raise BadBaseURL(f"{value!r} must not carry a user name or password.")
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        raise BadBaseURL(
            f"{value!r} must be only scheme, host and port (no path, query or fragment): "
            "the hub is served from the root of its host."
        )
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def normalise(url: str) -> str:
    """The base URL written one way: lower-case, no trailing slash, no default port."""
    scheme, host, port = parse(url)
    return compose(scheme, host, port)


def compose(scheme: str, host: str, port: int) -> str:
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"{scheme}://{host}" if port == DEFAULT_PORTS[scheme] else f"{scheme}://{host}:{port}"


def setting(url: str, name: str = "HUB_BASE_URL") -> str:
    """For settings modules: the normalised base URL, or ImproperlyConfigured."""
    try:
        return normalise(url)
    except BadBaseURL as error:
        raise ImproperlyConfigured(f"{name}: {error}") from None


def base_url() -> str:
    """The site's root, without a trailing slash: ``https://hub.example.org``."""
    from django.conf import settings

    return settings.HUB_BASE_URL.rstrip("/")


def host() -> str:
    """The base URL's host and port as a reader types it: ``hub.example.org``,
    ``127.0.0.1:8020``."""
    return urlsplit(base_url()).netloc


def absolute(path: str) -> str:
    """An absolute link to `path` on the site; a URL that is already absolute is kept (media on
    S3, a page of another Wagtail site)."""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):  # scheme-relative: another host, in the base URL's scheme
        return f"{urlsplit(base_url()).scheme}:{iri_to_uri(path)}"
    return base_url() + iri_to_uri(path if path.startswith("/") else f"/{path}")


def rebase(url: str) -> str:
    """`url` with its scheme, host and port replaced by the base URL's (path and query kept):
    for links a library built from the request's host (allauth's mails)."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return absolute(url)
    rest = parts.path or "/"
    if parts.query:
        rest += f"?{parts.query}"
    if parts.fragment:
        rest += f"#{parts.fragment}"
    return base_url() + rest

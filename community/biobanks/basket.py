"""The request basket: collections a reader selects, then hands over to the BBMRI-ERIC Negotiator.

Anyone may fill it, with or without an account: it lives in the session as a list of the
collections' Directory IDs (at most ``MAX_ITEMS``), and only IDs of collections that are listed
(neither the collection nor its biobank withdrawn) ever go in. Every change is a POST (CSRF), so
the profile pages stay cacheable: a reader without a session cookie has an empty basket, and
``read`` never opens a session for them.

"Request access" posts the selection to the Negotiator v3
(``POST {NEGOTIATOR_URL}/api/v3/requests``, with the discovery service's HTTP Basic credentials
``NEGOTIATOR_USERNAME``/``NEGOTIATOR_PASSWORD``) as its ``RequestCreateDTO``: ``url`` (a link
back to this selection on the hub), ``humanReadable`` and ``resources`` (each ``id``, ``name``
and ``organization`` with ``externalId`` and ``name``). The answer (``RequestDTO``) carries
``id`` and ``redirectUrl``, where the reader continues. Anything else (no answer within
``TIMEOUT`` seconds, an HTTP error or redirect, bad JSON, no usable ``redirectUrl``) raises
``NegotiatorError`` and the basket stays as it was. Hand-overs are rate-limited per client
address with allauth's mechanism, as the hub's public forms are
(ACCOUNT_RATE_LIMITS["basket_request"]); a collection withdrawn since it was added is taken out
and the reader asked to confirm the rest, never handed over silently without it.
Without ``NEGOTIATOR_URL`` the basket page offers to write to each biobank instead.
"""

import base64
import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.biobanks.models import Collection
from hub.base_url import absolute

logger = logging.getLogger(__name__)

SESSION_KEY = "biobank_basket"
MAX_ITEMS = 50
TIMEOUT = 10  # seconds the reader waits for the Negotiator at most
TEMPLATE = "community/biobanks/basket.html"
RATE_LIMIT_ACTION = "basket_request"
# No redirect handler: urllib would follow a 30x with the Authorization header to any host (and
# a redirect is no RequestDTO anyway); no file:/ftp: handlers either.
_OPENER = urllib.request.OpenerDirector()
for _handler in (
    urllib.request.ProxyHandler(),
    urllib.request.HTTPHandler(),
    urllib.request.HTTPSHandler(),
    urllib.request.HTTPDefaultErrorHandler(),
    urllib.request.HTTPErrorProcessor(),
):
    _OPENER.add_handler(_handler)


class NegotiatorError(Exception):
    """The Negotiator did not take the request; the message is for the log."""


# --- The basket in the session -------------------------------------------------------------


def read(request) -> list[str]:
    """The Directory IDs in the reader's basket, without opening a session for a reader who has
    none (the page cache serves readers without a session cookie)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return []
    ids = request.session.get(SESSION_KEY)
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def _write(request, ids: list[str]) -> None:
    if ids:
        request.session[SESSION_KEY] = ids
    else:
        request.session.pop(SESSION_KEY, None)


def listed_collections(ids):
    """The listed collections among `ids` (Directory IDs), in the order given; others dropped."""
    ids = [i for i in ids if isinstance(i, str) and 0 < len(i) <= 255][: MAX_ITEMS * 2]
    found = {
        c.catalogue_id: c
        for c in Collection.objects.filter(
            catalogue_id__in=ids, withdrawn=False, biobank__withdrawn=False
        ).select_related("biobank")
    }
    seen = []
    for i in ids:
        if i in found and i not in seen:
            seen.append(i)
    return [found[i] for i in seen]


def add(request, ids) -> tuple[int, int]:
    """Put the listed collections among `ids` in the basket: (how many added, how many refused
    because the basket is full)."""
    basket = [c.catalogue_id for c in listed_collections(read(request))]  # withdrawn ones go
    added = refused = 0
    for collection in listed_collections(ids):
        if collection.catalogue_id in basket:
            continue
        if len(basket) >= MAX_ITEMS:
            refused += 1
            continue
        basket.append(collection.catalogue_id)
        added += 1
    if added:
        _write(request, basket)
    return added, refused


def remove(request, ids) -> int:
    basket = read(request)
    gone = set(ids)
    kept = [i for i in basket if i not in gone]
    if len(kept) != len(basket):
        _write(request, kept)
    return len(basket) - len(kept)


def empty(request) -> None:
    if read(request):
        _write(request, [])


# --- The hand-over to the Negotiator -------------------------------------------------------


def configured() -> bool:
    return bool(getattr(settings, "NEGOTIATOR_URL", ""))


def selection_url(index_page, collections) -> str:
    """The hub's link back to this selection (the basket page showing exactly these)."""
    query = urlencode([("collection", c.catalogue_id) for c in collections])
    return absolute(f"{index_page.url}basket/?{query}")


def human_readable(collections) -> str:
    biobanks = {c.biobank_id for c in collections}
    head = ngettext(
        "%(count)d collection selected on %(site)s",
        "%(count)d collections selected on %(site)s",
        len(collections),
    ) % {"count": len(collections), "site": absolute("/")}
    head += ngettext(" (%(count)d biobank): ", " (%(count)d biobanks): ", len(biobanks)) % {
        "count": len(biobanks)
    }
    items = [
        _("“%(collection)s” at %(biobank)s") % {"collection": c.name, "biobank": c.biobank.name}
        for c in collections
    ]
    return head + "; ".join(items) + "."


def payload(index_page, collections) -> dict:
    """The Negotiator's RequestCreateDTO for these collections."""
    return {
        "url": selection_url(index_page, collections),
        "humanReadable": human_readable(collections),
        "resources": [
            {
                "id": c.catalogue_id,
                "name": c.name,
                "organization": {"externalId": c.biobank.catalogue_id, "name": c.biobank.name},
            }
            for c in collections
        ],
    }


def hand_over(data: dict) -> dict:
    """POST the request to the Negotiator; its answer ({"id", "redirectUrl", …}) or
    NegotiatorError."""
    endpoint = settings.NEGOTIATOR_URL.rstrip("/") + "/api/v3/requests"
    credentials = f"{settings.NEGOTIATOR_USERNAME}:{settings.NEGOTIATOR_PASSWORD}"
    call = urllib.request.Request(  # noqa: S310 - NEGOTIATOR_URL is http(s) (settings)
        endpoint,
        data=json.dumps(data).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
        },
    )
    try:
        with _OPENER.open(call, timeout=TIMEOUT) as response:
            body = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        raise NegotiatorError(f"{endpoint} answered HTTP {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise NegotiatorError(f"{endpoint} could not be reached: {error}") from None
    try:
        answer = json.loads(body)
    except ValueError:
        raise NegotiatorError(f"{endpoint} answered something that is not JSON") from None
    redirect_url = answer.get("redirectUrl") if isinstance(answer, dict) else None
    if not _usable_redirect(redirect_url):
        raise NegotiatorError(f"{endpoint} answered without a usable redirectUrl: {body[:200]!r}")
    return answer


def _usable_redirect(url) -> bool:
    """An absolute http(s) address, with no space or control character (a header value)."""
    if not isinstance(url, str) or len(url) > 2000 or any(ch <= " " for ch in url):
        return False
    try:
        target = urlsplit(url)
    except ValueError:
        return False
    return target.scheme in ("http", "https") and bool(target.hostname)


# --- The routes (BiobankIndexPage: basket/, basket/add/, basket/remove/, basket/request/) ------


def _post_only(request):
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    return None


def _back(request, index_page):
    """Where a change returns: `next` when it is a path on this site, else the basket."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(f"{index_page.url}basket/")


def basket_page(request, index_page):
    """The reader's basket; with ``?collection=ID&…``, the selection a link describes."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return _render(request, index_page, shared=request.GET.getlist("collection"))


def _render(request, index_page, shared=(), status=200):
    stored = read(request)
    collections = listed_collections(shared or stored)
    if not shared and len(collections) != len(stored):  # some were withdrawn since
        _write(request, [c.catalogue_id for c in collections])
    biobanks = []
    for collection in collections:
        if collection.biobank not in biobanks:
            biobanks.append(collection.biobank)
    response = TemplateResponse(
        request,
        TEMPLATE,
        {
            "page": index_page,
            "self": index_page,
            "shared": bool(shared),
            "collections": collections,
            "biobanks": biobanks,
            "in_basket": set(read(request)),
            "negotiator_configured": configured(),
            "max_items": MAX_ITEMS,
            "page_title": _("Selected collections") if shared else _("Your basket"),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


def add_route(request, index_page):
    if refused := _post_only(request):
        return refused
    added, full = add(request, request.POST.getlist("collection"))
    if full:
        messages.warning(
            request,
            _("Your basket holds at most %(max)d collections: remove some to add others.")
            % {"max": MAX_ITEMS},
        )
    elif added:
        messages.success(
            request,
            ngettext(
                "%(count)d collection added to your basket.",
                "%(count)d collections added to your basket.",
                added,
            )
            % {"count": added},
        )
    return _back(request, index_page)


def remove_route(request, index_page):
    if refused := _post_only(request):
        return refused
    if request.POST.get("empty"):
        empty(request)
        messages.success(request, _("Your basket is empty now."))
        return _back(request, index_page)
    ids = request.POST.getlist("collection")
    names = [c.name for c in listed_collections(ids)]
    if count := remove(request, ids):
        if count == 1 and len(names) == 1:  # the reader hears which one went
            text = _("“%(name)s” removed from your basket.") % {"name": names[0]}
        else:
            text = ngettext(
                "%(count)d collection removed from your basket.",
                "%(count)d collections removed from your basket.",
                count,
            ) % {"count": count}
        messages.success(request, text)
    return _back(request, index_page)


def request_route(request, index_page):
    if refused := _post_only(request):
        return refused
    basket_url = f"{index_page.url}basket/"
    stored = read(request)
    collections = listed_collections(stored)
    if stored and len(collections) != len(stored):
        # Withdrawn since they were added: the reader confirms what is left before it goes.
        _write(request, [c.catalogue_id for c in collections])
        gone = len(stored) - len(collections)
        messages.warning(
            request,
            ngettext(
                "%(count)d collection in your basket is no longer listed and was taken out. "
                "Check your selection, then request access again.",
                "%(count)d collections in your basket are no longer listed and were taken out. "
                "Check your selection, then request access again.",
                gone,
            )
            % {"count": gone},
        )
        return HttpResponseRedirect(basket_url)
    if not collections:
        messages.error(request, _("Your basket is empty: add collections first."))
        return HttpResponseRedirect(basket_url)
    if not configured():
        messages.error(
            request,
            _(
                "Requests through the Negotiator are not set up on this site: "
                "write to the biobanks."
            ),
        )
        return HttpResponseRedirect(basket_url)
    # Counted only when the outside service is called; keyed on the client address (allauth's
    # get_client_ip: ALLAUTH_TRUSTED_PROXY_COUNT decides which X-Forwarded-For entry counts).
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION):
        messages.error(
            request,
            _(
                "Too many requests have been sent from your connection. Your basket is kept: "
                "please wait a while and try again."
            ),
        )
        return _render(request, index_page, status=429)
    try:
        answer = hand_over(payload(index_page, collections))
    except NegotiatorError as error:
        logger.warning("Negotiator hand-over failed: %s", error)
        messages.error(
            request,
            _(
                "The BBMRI-ERIC Negotiator could not take your request just now. Your basket is "
                "kept: please try again in a few minutes."
            ),
        )
        return HttpResponseRedirect(basket_url)
    logger.info(
        "Handed %d collections over to the Negotiator (request %s)",
        len(collections),
        answer.get("id"),
    )
    empty(request)  # the selection now lives in the Negotiator
    return HttpResponseRedirect(answer["redirectUrl"])

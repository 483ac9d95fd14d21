"""What /biobanks/ offers when a search finds nothing: broader searches that do find biobanks
(each filter removed, the words removed, each word alone) with their counts, and the same
words in the BBMRI-ERIC Directory, which lists more biobanks and their collections.

Counting a broader search is a bitset AND (``community.biobanks.facets``); only a word alone
asks the search backend, at most ``MAX_WORDS`` times.
"""

from urllib.parse import quote

from django.utils.translation import gettext as _

from community.biobanks.models import DIRECTORY_BASE_URL

MAX_WORDS = 4  # words of the query searched alone
MAX_WORD_OPTIONS = 3


def directory_url(query: str) -> str:
    return f"{DIRECTORY_BASE_URL}/?search={quote(query, safe='')}"


def suggestions(found, base: str) -> dict:
    """{"broader": [{"label", "url", "count"}], "query", "directory_url"} for `found`
    (a community.biobanks.search.Search with no result)."""
    from community.biobanks import search

    index, params, matches = found.index, found.params, found.matches

    def option(label, hits=matches, **changes) -> dict | None:
        changed = {**params, **changes}
        if changed["q"] != params["q"] and params["sort"] == default_sort(params["q"]):
            changed["sort"] = default_sort(changed["q"])  # the default order of other words
        number = index.mask(changed, hits).bit_count()
        if not number:
            return None
        return {"label": label, "url": _url(base, search.query_string(changed)), "count": number}

    broader = []
    for param, heading in search.FACETS.items():
        for code in params[param]:
            rest = [value for value in params[param] if value != code]
            label = _("Without “%(filter)s” (%(facet)s)") % {
                "filter": index.label(param, code),
                "facet": heading,
            }
            broader.append(option(label, **{param: rest}))
    for switch, (_heading, label) in search.SWITCHES.items():
        if params[switch]:
            broader.append(option(_("Without “%(filter)s”") % {"filter": label}, **{switch: False}))
    if params["q"]:
        label = _("Without the words “%(words)s”") % {"words": params["q"]}
        broader.append(option(label, None, q=""))
        words = list(dict.fromkeys(params["q"].split()))
        if len(words) > 1:
            alone = []
            for word in words[:MAX_WORDS]:
                pks = search._text_matches(word)[0]
                label = _("Only “%(word)s”") % {"word": word}
                alone.append(option(label, pks, q=word))
            alone = [item for item in alone if item]
            broader += sorted(alone, key=lambda item: -item["count"])[:MAX_WORD_OPTIONS]
    return {
        "broader": [item for item in broader if item],
        "query": params["q"],
        "directory_url": directory_url(params["q"]) if params["q"] else "",
    }


def default_sort(query: str) -> str:
    return "relevance" if query else "name"


def _url(base, query) -> str:
    return f"{base}?{query}" if query else base

"""The site search: one query over every page and every declared model, with type counts.

`SiteSearch(query, type_key).run()` searches each source once: all public pages together (their
per-type counts come from one facet on the content type) and each plain model declared through
the `hub_search_types` hook (`home.search_types`). With no type chosen, the sources' results are
merged by score into one list. When nothing matches, the search is repeated tolerating
misspellings (whoosh backend) and a "did you mean" suggestion is made from the words of what the
search looks in (never from members-only, draft or unmoderated content the index also holds).

Pages are searched as a reader of the page's language finds them (`hub.i18n.reading_pages`, which is
`hub.i18n.reading_pages`): at /nl/search/ the Dutch translations and the English pages not
translated into Dutch, their words matched by Dutch and English stems respectively
(`hub.search.languages`); at /search/ the English pages only.
"""

import heapq
import string
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from modelsearch.backends import get_search_backend
from modelsearch.query import Fuzzy
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from home import search_types
from hub.i18n import reading_language, reading_pages
from hub.privacy import public_in_any_language
from hub.search import extras
from hub.search.backend import WhooshSearchBackend
from hub.search.languages import searching_in
from hub.usage import counting as usage

PER_PAGE = 10
# A merged list costs `page × PER_PAGE` hits per source; nobody reads past 50 pages.
MAX_PAGES = 50
SNIPPET_CHARS = 220


@dataclass
class Hit:
    obj: object
    title: str
    url: str
    type_label: str
    snippet: str = ""


@dataclass
class Source:
    """One search's results, with their count asked for once."""

    results: object

    @cached_property
    def count(self) -> int:
        return self.results.count()


class MergedResults:
    """Sources' results as one sequence ordered by score, for Django's Paginator."""

    def __init__(self, sources: list[Source]):
        self.sources = [s for s in sources if s.count]

    def count(self) -> int:
        return min(sum(s.count for s in self.sources), MAX_PAGES * PER_PAGE)

    def __len__(self):
        return self.count()

    def __getitem__(self, index: slice):
        stop = index.stop if index.stop is not None else self.count()
        scored = []
        for n, source in enumerate(self.sources):
            for rank, obj in enumerate(source.results.annotate_score("_score")[:stop]):
                # Equal scores keep each source's own order; sources alternate.
                scored.append((-(obj._score or 0), rank, n, obj))
        return [obj for *_, obj in heapq.nsmallest(stop, scored)][index.start or 0 : stop]


@dataclass
class SiteSearch:
    query: str
    type_key: str = ""
    fuzzy: bool = False
    suggestion: str | None = None
    counts: dict = field(default_factory=dict)
    language: str = ""  # the reader's (default: the active language)

    def __post_init__(self):
        self.language = self.language or reading_language()
        self.backend = get_search_backend()
        self.types = search_types.registered()
        self.page_type_of_ct = {
            ContentType.objects.get_for_model(model, for_concrete_model=False).pk: t
            for t in self.types
            for model in t.page_models
        }
        self.other_pages = search_types.get(search_types.OTHER_PAGES)

    def run(self):
        """Results to paginate (merged, or the chosen type's); sets counts, fuzzy, suggestion."""
        with searching_in(self.language):
            merged, by_type = self._search(self.query)
            if not sum(self.counts.values()):
                self.suggestion = extras.suggest(
                    self.query, self.sources(), backend=self.backend, language=self.language
                )
                if isinstance(self.backend, WhooshSearchBackend):
                    merged, by_type = self._search(Fuzzy(self.query, operator="and"))
                    self.fuzzy = bool(sum(self.counts.values()))
            usage.searched("site", self.query, found=sum(self.counts.values()))
            if self.type_key in by_type:
                return by_type[self.type_key]()
            return MergedResults(merged)

    def _search(self, query) -> tuple[list[Source], dict]:
        """Sources to merge (all pages, each model), and a results factory for each type."""
        pages = Source(self.backend.search(query, self.public_pages, operator="and"))
        self.counts = {t.key: 0 for t in self.types}
        if pages.count:
            for ct_id, n in pages.results.facet("content_type_id").items():
                self.counts[self.page_type_of_ct.get(ct_id, self.other_pages).key] += n
        merged, by_type = [pages], {}
        for search_type in self.types:
            if search_type.is_pages:
                by_type[search_type.key] = lambda t=search_type: self._pages_of(query, t)
            else:
                source = Source(self.backend.search(query, search_type.queryset(), operator="and"))
                self.counts[search_type.key] = source.count
                merged.append(source)
                by_type[search_type.key] = lambda r=source.results: r
        return merged, by_type

    def _pages_of(self, query, search_type):
        claimed = list(self.page_type_of_ct)
        pages = self.public_pages
        if search_type.key == search_types.OTHER_PAGES:
            pages = pages.exclude(content_type__in=claimed)
        else:
            own = [ct for ct, t in self.page_type_of_ct.items() if t is search_type]
            pages = pages.filter(content_type__in=own)
        return self.backend.search(query, pages, operator="and")

    def sources(self) -> list:
        """Everything the search looks in: what anyone may see, and only that."""
        return [self.public_pages] + [t.queryset() for t in self.types if not t.is_pages]

    @cached_property
    def public_pages(self):
        """The live pages anyone may see, as a reader of the search's language finds them."""
        return reading_pages(public_in_any_language(Page.objects.live()), self.language)

    def _page_type(self, page):
        return self.page_type_of_ct.get(page.content_type_id, self.other_pages)

    def hits(self, objects, request) -> list[Hit]:
        """What the results page shows for each object: title, link, type, highlighted text."""
        objects = list(objects)
        type_of = {}
        for obj in objects:
            type_of[id(obj)] = (
                self._page_type(obj) if isinstance(obj, Page) else self._model_type(obj)
            )
        snippets = extras.highlight(
            objects,
            self.query,
            field=("search_description", "search_summary"),
            max_chars=SNIPPET_CHARS,
            fuzzy=self.fuzzy,
            backend=self.backend,
        )
        return [
            Hit(
                obj=obj,
                title=obj.title if isinstance(obj, Page) else str(obj),
                url=obj.get_url(request) if isinstance(obj, Page) else obj.get_absolute_url(),
                type_label=type_of[id(obj)].label,
                snippet=snippet,
            )
            for obj, snippet in zip(objects, snippets, strict=True)
        ]

    def _model_type(self, obj):
        for search_type in self.types:
            if search_type.queryset is not None and isinstance(obj, search_type.queryset().model):
                return search_type
        return self.other_pages

    def type_filters(self) -> list[dict]:
        """[{key, label, count, current}] with "All" first; empty types are left out."""
        total = sum(self.counts.values())
        filters = [{"key": "", "label": None, "count": total, "current": not self.type_key}]
        for search_type in self.types:
            count = self.counts.get(search_type.key, 0)
            if count or search_type.key == self.type_key:
                filters.append(
                    {
                        "key": search_type.key,
                        "label": search_type.label,
                        "count": count,
                        "current": search_type.key == self.type_key,
                    }
                )
        return filters

    def promotions(self) -> list:
        """Editors' picks for this query (wagtail.contrib.search_promotions)."""
        normalised = normalise_query_string(self.query)
        # "who are we?" finds the picks an editor filed under "who are we".
        forms = {normalised, normalised.strip(string.punctuation + " ")} - {""}
        if not forms:
            return []
        return list(
            SearchPromotion.objects.filter(query__query_string__in=forms)
            .select_related("page")
            .order_by("sort_order")
        )

"""Wagtail's database search backend with the languages of ``hub.search.languages``.

A drop-in for ``wagtail.search.backends.database`` (production's ``SEARCH_BACKEND=database``,
several web machines sharing one PostgreSQL database)::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "hub.search.database"}}

On PostgreSQL, each object's words are indexed with the text search configuration of its
language (PostgreSQL's own Snowball stemmers and stop words: ``dutch`` for Dutch content,
``french`` for French, the backend's ``SEARCH_CONFIG`` — by default the database's
``default_text_search_config`` — for everything else, as before), and a Dutch or French search
matches its words stemmed both ways: "biobanken" finds a Dutch page saying "biobank" and an
English page saying "biobanken". Unlike the whoosh index, accents are not folded (PostgreSQL's
``unaccent`` would need configurations of our own): "echantillons" does not find
"échantillon". Run ``manage.py update_index`` after switching, so that existing entries are
analysed in their language. On other databases this is Wagtail's backend, unchanged.
"""

import copy
import functools

from django.db import connection

from hub.search.analysis import DEFAULT_LANGUAGE
from hub.search.languages import object_language, search_languages

#: PostgreSQL's text search configurations of the content languages other than English.
CONFIGS = {"nl": "dutch", "fr": "french"}


@functools.cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres import postgres as pg  # noqa: PLC0415

    class LanguageIndex(pg.PostgresIndex):
        def add_items(self, model, objs):
            groups: dict[str, list] = {}
            for obj in objs:
                groups.setdefault(object_language(obj), []).append(obj)
            for language, group in groups.items():
                if language not in CONFIGS:
                    super().add_items(model, group)
                    continue
                # modelsearch's indexer reads the configuration off the backend.
                backend = copy.copy(self.backend)
                backend.config = CONFIGS[language]
                index = copy.copy(self)
                index.backend = backend
                pg.PostgresIndex.add_items(index, model, group)

    class LanguageQueryCompiler(pg.PostgresSearchQueryCompiler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.languages = search_languages()

        def build_tsquery(self, query, config=None):
            combined = None
            for language in self.languages:
                language_config = config if language == DEFAULT_LANGUAGE else CONFIGS[language]
                part = self.build_tsquery_content(query, config=language_config)
                if part is not None:
                    combined = part if combined is None else combined | part
            return combined

    class LanguageSearchBackend(pg.PostgresSearchBackend):
        query_compiler_class = LanguageQueryCompiler
        index_class = LanguageIndex

    return LanguageSearchBackend


def SearchBackend(params):  # noqa: N802 - modelsearch's name for a backend module's entry point
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    from modelsearch.backends.database import SearchBackend as database_backend  # noqa: PLC0415

    return database_backend(params)

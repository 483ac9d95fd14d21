"""Site search: an embedded whoosh index behind Wagtail's (django-modelsearch's) search API.

``hub.search.backend`` is the backend (``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]``);
``hub.search.extras`` has what a search page needs beyond results: highlighted snippets,
"did you mean" suggestions and misspelling-tolerant searches.
"""

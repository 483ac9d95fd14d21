"""Point the hub's search at hub.search.backend with a throw-away index for each test."""

from hub.search.testing import make_page, search_backend  # noqa: F401 - the fixtures

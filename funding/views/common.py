"""What the funding views share: list length, the login redirect, the topics of the filters."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login

from hub.cache import remember

PER_PAGE = 10


def login_redirect(request, path=None):
    return redirect_to_login(path or request.get_full_path())


def index_page_topics() -> list[tuple[str, str]]:
    """(slug, name) of every topic, for the filters; kept until a topic changes."""
    from community.models import Topic

    return remember("funding:topics", lambda: list(Topic.objects.values_list("slug", "name")))

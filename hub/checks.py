"""System checks of the hub's configuration against its database.

The default Wagtail Site makes the sitemap's and the admin's full URLs; HUB_BASE_URL makes every
other absolute link (hub/base_url.py). When they differ, the sitemap sends search engines to one
host and the mails readers to another: say so. A database check (Tags.database): it runs with
`migrate` and `check --database default`, never at import or on a database not migrated yet.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from hub.base_url import BadBaseURL, normalise


@register(Tags.database)
def site_matches_base_url(app_configs=None, databases=None, **kwargs):
    # Not in development: `make run PORT=…` migrates before `load_demo` moves the Site.
    if settings.DEBUG or not databases or "default" not in databases:
        return []
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # before the first migrate: nothing to compare yet
        return []
    if site is None:
        return [
            Warning(
                "There is no default Wagtail Site: pages have no full URLs (sitemap, admin).",
                hint="Run `manage.py setup_site --name … --base-url …`.",
                id="hub.W001",
            )
        ]
    try:
        same = normalise(site.root_url) == normalise(settings.HUB_BASE_URL)
    except BadBaseURL:  # a host name Wagtail took but no URL can carry
        same = False
    if not same:
        return [
            Warning(
                f"The default Wagtail Site's URL ({site.root_url}) differs from HUB_BASE_URL "
                f"({settings.HUB_BASE_URL}): the sitemap and the admin link one host, mails "
                "and feeds the other.",
                hint=f"Run `manage.py setup_site --base-url {settings.HUB_BASE_URL}`, or set "
                "HUB_BASE_URL to the site's address.",
                id="hub.W002",
            )
        ]
    return []

from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheGeneration(models.Model):
    """One row: the token that every cached piece of published content is stored under.

    It lives in the database, not in the cache, so that no eviction, flush or outage of the
    cache can bring back an old token, and so that it changes in the same transaction as the
    content it stands for (hub.cache.forget_cached)."""

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("cache generation")

    def __str__(self):
        return self.token


from hub.outbox.models import OutgoingMail  # noqa: E402,F401  (the outbox's table, app "hub")
from hub.usage.models import (  # noqa: E402,F401  (usage figures' tables, app "hub")
    DownloadCount,
    PageViewCount,
    ReferrerCount,
    ZeroResultSearch,
)

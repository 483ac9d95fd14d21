"""Usage figures: counts per day, nothing about who.

No row holds a cookie, an IP address, a user agent, a session or a user: only a day, what was
read (a path, a document's id, a referring domain, the words of a search that found nothing)
and how many times. Rows are written by `hub.usage.store` (an upsert that adds to the count).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

PATH_LENGTH = 255
DOMAIN_LENGTH = 100
QUERY_LENGTH = 100


class PageViewCount(models.Model):
    day = models.DateField(_("day"))
    path = models.CharField(_("path"), max_length=PATH_LENGTH)
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page views")
        verbose_name_plural = _("page views")
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="usage_view_day_path")]

    def __str__(self):
        return f"{self.day} {self.path}: {self.views}"


class ReferrerCount(models.Model):
    """Readers who came to `path` from a link on another site (its domain only)."""

    day = models.DateField(_("day"))
    path = models.CharField(_("path"), max_length=PATH_LENGTH)
    domain = models.CharField(_("referring site"), max_length=DOMAIN_LENGTH)
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("referring site")
        verbose_name_plural = _("referring sites")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "domain"], name="usage_referrer_day_path_domain"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.domain} → {self.path}: {self.visits}"


class DownloadCount(models.Model):
    # The document's id, not a foreign key: a document deleted before a batch is written must
    # not make the whole batch fail; the report names documents that still exist.
    day = models.DateField(_("day"))
    document_id = models.PositiveIntegerField(_("document"))
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("document downloads")
        verbose_name_plural = _("document downloads")
        constraints = [
            models.UniqueConstraint(fields=["day", "document_id"], name="usage_download_day_doc")
        ]

    def __str__(self):
        return f"{self.day} document {self.document_id}: {self.downloads}"


class ZeroResultSearch(models.Model):
    """Searches that found nothing: the words (normalised), not who searched; deleted after
    USAGE_SEARCH_RETENTION_DAYS (`manage.py purge_usage_searches`)."""

    class Kind(models.TextChoices):
        SITE = "site", _("Site search")
        BIOBANKS = "biobanks", _("Biobank finder")

    day = models.DateField(_("day"))
    kind = models.CharField(_("search"), max_length=20, choices=Kind.choices)
    query = models.CharField(_("search words"), max_length=QUERY_LENGTH)
    searches = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("search with no results")
        verbose_name_plural = _("searches with no results")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "query"], name="usage_search_day_kind_query"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.kind} {self.query!r}: {self.searches}"

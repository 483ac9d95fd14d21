"""Newsletter editions (a Wagtail snippet with drafts, revisions and previews) and the record of
who each sent edition went to (Delivery: at most one mail per address and edition)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin

from community.editions.blocks import EditionBodyBlock

RESERVED_SLUGS = {"feed"}  # /newsletter/archive/feed/ is the RSS feed


class EditionQuerySet(models.QuerySet):
    def sent(self):
        """Published editions whose sending has started: the archive."""
        return self.filter(live=True, sent_at__isnull=False)


class Edition(DraftStateMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        TOPICS = "topics", _("Subscribers of the chosen topics")

    title = models.CharField(
        _("subject"), max_length=200, help_text=_("The e-mail's subject and the archive title.")
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Its address in the archive.")
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(EditionBodyBlock(), blank=True, verbose_name=_("content"))
    audience = models.CharField(
        _("send to"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    topics = ParentalManyToManyField(
        "community.Topic",
        blank=True,
        related_name="editions",
        verbose_name=_("topics"),
        help_text=_("Subscribers who chose none of the topics receive every edition."),
    )
    # Set when an editor (or `send_newsletter`) sends it: from then on it is in the archive.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("sent by"),
    )
    finished_at = models.DateTimeField(_("every mail queued"), null=True, blank=True)
    # The automatic blocks' items as they were when sending began (block id → items): every
    # recipient and the archive get the same edition, however long the sending takes.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="edition")

    objects = EditionQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("audience"), FieldPanel("topics")], heading=_("Audience")),
    ]

    class Meta:
        verbose_name = _("newsletter edition")
        verbose_name_plural = _("newsletter editions")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved: choose another.")})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("newsletter_edition", args=[self.slug])

    # --- Previews: the web page and the mail as a subscriber gets it.

    @property
    def preview_modes(self):
        return [
            ("web", _("Web page")),
            ("email_html", _("E-mail (HTML)")),
            ("email_text", _("E-mail (text)")),
        ]

    def serve_preview(self, request, mode_name):
        from community.editions import render

        return render.preview_response(self, request, mode_name)


class Delivery(models.Model):
    """One recipient of one edition: created in the same transaction as the queued mail, so a
    worker that restarts skips whoever already has a row (and the unique pair makes sure)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("e-mail address"))
    mail = models.ForeignKey(
        "hub.OutgoingMail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("edition delivery")
        verbose_name_plural = _("edition deliveries")
        constraints = [
            models.UniqueConstraint(fields=["edition", "email"], name="one_delivery_per_address")
        ]

    def __str__(self):
        return f"{self.edition} → {self.email}"

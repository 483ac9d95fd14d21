from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def expired(self, days: int):
        """Sign-ups never confirmed within `days` days."""
        cutoff = timezone.now() - timezone.timedelta(days=days)
        return self.pending().filter(signed_up_at__lt=cutoff)


class Subscriber(models.Model):
    """A newsletter subscription (double opt-in), with the consent the reader gave."""

    email = models.EmailField(_("e-mail address"), unique=True)
    consent_text = models.TextField(_("consent wording shown"))
    consent_version = models.CharField(_("consent version"), max_length=20)
    signed_up_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Topics the subscriber chose (none: everything); an edition can go to chosen topics only.
    topics = models.ManyToManyField(
        "community.Topic", blank=True, related_name="subscribers", verbose_name=_("topics")
    )
    # The language the reader signed up in: their mails are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-signed_up_at"]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

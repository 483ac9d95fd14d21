from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from community import signals
        from community.models import Biobank, Person, Topic, TrainingTheme
        from hub.cache import forget_cached

        for signal in (post_save, post_delete):
            # Topic pages list biobanks (hub.cache keeps the lists).
            signal.connect(forget_cached, sender=Biobank, dispatch_uid=f"biobank-{id(signal)}")
            # The listings' topic filters and cards are cached with the pages.
            signal.connect(forget_cached, sender=Topic, dispatch_uid=f"topic-{id(signal)}")
            signal.connect(
                forget_cached, sender=TrainingTheme, dispatch_uid=f"training-theme-{id(signal)}"
            )
            # People (speakers, organisers, contacts) are shown on cached page content.
            signal.connect(forget_cached, sender=Person, dispatch_uid=f"person-{id(signal)}")
        m2m_changed.connect(
            forget_cached, sender=Biobank.topics.through, dispatch_uid="biobank-topics"
        )
        post_save.connect(
            signals.create_profile,
            sender=get_user_model(),
            dispatch_uid="community.create_profile",
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from home.descriptions import fill_search_description
        from hub.cache import forget_cached

        pre_save.connect(fill_search_description, dispatch_uid="home.fill_search_description")

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(forget_cached, dispatch_uid=f"home.forget_cached.{id(signal)}")
        post_delete.connect(forget_cached, sender=Page, dispatch_uid="home.forget_cached.delete")
        # The cached site, menu and footer also depend on sites, view restrictions and settings.
        from wagtail.models import PageViewRestriction, Site

        from home.models import FooterLink, SiteSettings, SocialLink

        for model in (PageViewRestriction, Site, SiteSettings, FooterLink, SocialLink):
            for signal in (post_save, post_delete):
                signal.connect(
                    _settings_changed,
                    sender=model,
                    dispatch_uid=f"home.forget_cached.{model.__name__}.{id(signal)}",
                )


def _settings_changed(sender, created=False, **kwargs):
    from home.models import SiteSettings
    from hub.cache import forget_cached

    # Wagtail creates empty settings on first read, mid-request: nothing cached depends on it.
    if not (created and sender is SiteSettings):
        forget_cached()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from community import account_sections, personal_data, related, signals
        from community.models import Biobank, Person, Topic, TrainingTheme, WorkingGroupPage
        from community.views.groups import account_section_context
        from hub.cache import forget_cached
        from hub.privacy import public

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
        # Every app's personal_data module registers its part of "download my data" and
        # "delete my account" (see community/personal_data.py).
        personal_data.autodiscover()

        from home import sections

        sections.register("community/home/topics.html", _home_topics)

        # Working groups: listed on each topic page they are tagged with (with a "see all"
        # link to the filtered index), and on My account.
        related.register(
            _("Working groups"),
            lambda: public(WorkingGroupPage.objects.live()),
            order_by="title",
            see_all="/working-groups/?topic={slug}",
        )
        account_sections.register("community/groups/account_section.html", account_section_context)

        # Training and news: on each topic page they are tagged with (newest first, with
        # "see all" into the filtered listings), and the latest news on the home page.
        from community.models import NewsPage, TrainingPage
        from community.models.news import latest_news_context

        related.register(
            _("Training"),
            lambda: public(TrainingPage.objects.live()),
            order_by=("-date", "-pk"),
            see_all="/training/?topic={slug}",
        )
        related.register(
            _("News"),
            lambda: public(NewsPage.objects.live()),
            order_by=("-date", "-first_published_at", "-pk"),
            see_all="/news/?topic={slug}",
        )
        sections.register("community/home/latest_news.html", latest_news_context)

        # Biobanks: in the site search, on topic pages, a search box on the home page (the
        # same for everyone: cached), and the admin (profiles, sync history, contact requests).
        from wagtail import hooks

        from community.biobanks import admin as admin_biobanks
        from community.models import Biobank
        from home import search_types

        search_types.register_model(
            "biobanks",
            _("Biobanks"),
            lambda: Biobank.objects.filter(withdrawn=False).select_related("country"),
        )
        related.register(
            _("Biobanks"),
            lambda: Biobank.objects.filter(withdrawn=False),
            order_by="name",
            see_all="/biobanks/",
        )
        sections.register("community/home/biobank_search.html", _home_biobank_search, cached=True)
        hooks.register("register_admin_viewset", admin_biobanks.register_admin)

        # Stored messages whose mail failed: sent again by `manage.py resend_failed_mails`.
        from community.biobanks import contact as biobank_contact
        from community.models import ContactRequest, PersonMessage
        from community.services import mail
        from community.views import contact as contact_views

        mail.register_resender(
            _("Messages to contact people"),
            lambda: PersonMessage.objects.filter(mail_failed_at__isnull=False).select_related(
                "person"
            ),
            lambda stored: [contact_views.message_mail(stored)] if stored.person.email else [],
            {"mail_failed_at": None},
        )
        mail.register_resender(
            _("Biobank contact requests"),
            lambda: ContactRequest.objects.filter(mail_failed_at__isnull=False).select_related(
                "biobank"
            ),
            lambda stored: list(biobank_contact.contact_request_mails(stored)),
            {"mail_failed_at": None},
        )

        # Filters of the site search page.
        from community.models import TopicIndexPage, TopicPage, TrainingIndexPage
        from home import search_types

        search_types.register_pages("topics", _("Topics"), TopicPage, TopicIndexPage)
        search_types.register_pages("training", _("Training"), TrainingPage, TrainingIndexPage)
        search_types.register_pages("news", _("News"), NewsPage)


HOME_TOPICS = 12


def _home_topics(request):
    from community.models import TopicPage
    from hub.privacy import public

    pages = public(TopicPage.objects.live()).order_by("topic__sort_order", "title")
    # The community's themes come first (sort order); the topic index lists them all.
    return {"topic_pages": pages.only("title", "url_path", "path", "summary")[:HOME_TOPICS]}


def _home_biobank_search(request):
    from community.biobanks.models import biobank_index_url
    from community.models import Biobank

    count = Biobank.objects.filter(withdrawn=False).count()
    return {"biobank_count": count, "biobank_index_url": biobank_index_url() if count else ""}

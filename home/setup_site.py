"""An empty real site: the page tree every section needs, the Wagtail Site and the site's name.

`setup_site(name, base_url)` (run by `manage.py setup_site`) makes what is missing and changes
nothing else: pages are found by slug under the home page (or, for the one-per-site index
pages, anywhere), so an editor's pages, titles and texts survive a second run, and a site that
already has the demo keeps it. It returns the list of what it changed; an empty list means the
site was already as asked.

Not pages: the search (/search/) and the newsletter sign-up (/newsletter/) are Django views
(hub/urls.py) that answer before Wagtail's page tree, so a page at those paths would never be
seen. The listings' empty states are in their templates.

Wagtail's first migration makes a "Welcome to your new Wagtail site!" page as the Site's root.
It is deleted when it is still that untouched page (a plain Page with no sub-pages): left
unattached it would stay a live page at the top of the admin's page explorer beside the real
home page, be counted by the search index, and hold the slug "home" at the root.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from hub.base_url import DEFAULT_PORTS, BadBaseURL, compose, parse

NAME_MAX = 200  # SiteSettings.organisation_name


class SetupError(Exception):
    """Nothing was written; the message says why, for the operator."""


@dataclass(frozen=True)
class Section:
    slug: str
    model: str  # "app_label.ModelName"
    title: str
    intro: str
    in_menu: bool = True


def sections() -> list[Section]:
    """The site's sections, in menu order. Intros say what each section is for, nothing more:
    editors write the rest."""
    return [
        Section("about", "home.StandardPage", _("About"), _("Who we are and how we work.")),
        Section(
            "topics",
            "community.TopicIndexPage",
            _("Topics"),
            _("The themes the community works on, each with its related content."),
        ),
        Section(
            "working-groups",
            "community.WorkingGroupIndexPage",
            _("Working groups"),
            _("Working groups that members can join."),
        ),
        Section(
            "training",
            "community.TrainingIndexPage",
            _("Training"),
            _("Courses, e-learning, slides, videos and guidelines."),
        ),
        Section("news", "community.NewsIndexPage", _("News"), _("News from the community.")),
        Section(
            "events",
            "events.EventIndexPage",
            _("Events"),
            _("Meetings, workshops and webinars, with online registration."),
        ),
        Section(
            "funding",
            "funding.FundingIndexPage",
            _("Funding"),
            _("Funding opportunities and their deadlines."),
        ),
        Section(
            "partnerships",
            "funding.PartnershipIndexPage",
            _("Partnerships"),
            _("Offers and requests from organisations looking for a partner."),
        ),
        Section(
            "biobanks",
            "community.BiobankIndexPage",
            _("Biobanks"),
            _("The biobanks and collections in the network."),
        ),
        Section(
            "privacy",
            "home.StandardPage",
            _("Privacy notice"),
            _("What this site stores about you, and your rights."),
            in_menu=False,
        ),
    ]


def privacy_body() -> list[dict]:
    """What the hub's own features store: true of every site that runs it. The operator adds
    who they are and how to reach them."""
    html = _(
        "<p>This site stores only what its features need:</p>"
        "<ul><li><b>Account:</b> your e-mail address, name, organisation, country and role, so "
        "that you can join working groups and register for events.</li>"
        "<li><b>Event registrations:</b> what you filled in to register; they are anonymised "
        "some time after the event.</li>"
        "<li><b>Newsletter:</b> your e-mail address, the consent you gave and when. Every "
        "newsletter has an unsubscribe link.</li>"
        "<li><b>Contact messages</b> you send through the site, kept for a limited time.</li>"
        "<li><b>Usage figures:</b> how many times each page was read and each document "
        "downloaded per day, the sites readers came from (their domain only) and the words "
        "of searches that found nothing (kept for a limited time). They are counted on the "
        "server without a cookie, and store no IP address, browser or anything else about "
        "who you are.</li>"
        "</ul>"
        "<p>You can download everything the site holds on you, and delete your account, from "
        '<a href="/accounts/">My account</a>.</p>'
    )
    return [{"type": "paragraph", "value": html}]


def site_address(base_url: str) -> tuple[str, int]:
    """(host name, port) of the Wagtail Site for `base_url`; SetupError if Wagtail's Site cannot
    say it (it knows a port, not a scheme: 443 means https, any other port http)."""
    try:
        scheme, host, port = parse(base_url)
    except BadBaseURL as error:
        raise SetupError(str(error)) from None
    if (scheme == "https") != (port == DEFAULT_PORTS["https"]):
        raise SetupError(
            _(
                "%(url)r: Wagtail's Site takes https on port 443 only, and http on any other "
                "port. Serve https on 443 (the proxy's port, not gunicorn's)."
            )
            % {"url": base_url}
        )
    return host, port


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _find_home(changes: list[str], name: str):
    """The home page, made if there is none; Wagtail's welcome page goes (see the top)."""
    from home.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    parked = []
    for welcome in root.get_children().exact_type(Page).filter(slug="home", numchild=0):
        # Its Sites (with their settings) would go with it: park them on the root node until
        # the home page exists.
        for site in Site.objects.filter(root_page=welcome):
            site.root_page = root
            site.save()
            parked.append(site)
        changes.append(_("Deleted Wagtail's welcome page “%(title)s”.") % {"title": welcome.title})
        welcome.delete()
    if home is None:
        if root.get_children().filter(slug="home").exists():
            raise SetupError(
                _(
                    "A page with the slug “home” at the top of the page tree is in the way (it "
                    "has sub-pages, so it was not deleted): move or rename it, then run this "
                    "again."
                )
            )
        home = HomePage(title=name, slug="home")
        root.add_child(instance=home)
        home.save_revision().publish()
        changes.append(_("Created the home page “%(title)s”.") % {"title": name})
    for site in parked:
        site.root_page = home
        site.save()
    return home


def _ensure_sections(home, changes: list[str], warnings: list[str]) -> Page | None:
    """Create each missing section under `home`; return the privacy notice page."""
    privacy = None
    for section in sections():
        model = _model(section.model)
        page = home.get_children().filter(slug=section.slug).first()
        if page is None and model._meta.label != "home.StandardPage":
            # One per site: an editor may have moved or renamed it.
            page = model.objects.first()
        if page is None and section.slug == "privacy":
            # The notice the site settings link, wherever an editor moved or renamed it.
            from home.models import SiteSettings

            linked = SiteSettings.objects.exclude(privacy_notice=None).first()
            page = linked.privacy_notice.specific if linked else None
        if page is None:
            page = model(
                title=section.title,
                slug=section.slug,
                intro=section.intro,
                search_description=section.intro,
                show_in_menus=section.in_menu,
            )
            if section.slug == "privacy":
                page.body = privacy_body()
            home.add_child(instance=page)
            page.save_revision().publish()
            changes.append(
                _("Created %(title)s at /%(slug)s/.") % {"title": page.title, "slug": section.slug}
            )
        elif page.specific_class is not model:
            warnings.append(
                _(
                    "/%(slug)s/ is a %(found)s, not a %(wanted)s: left as it is. Delete it and "
                    "run this again to get the section."
                )
                % {
                    "slug": section.slug,
                    "found": page.specific_class._meta.verbose_name,
                    "wanted": model._meta.verbose_name,
                }
            )
        if section.slug == "events" and page.specific_class is model:
            from wagtail.models import GroupPagePermission

            from events.permissions import grant_organiser_permissions

            before = GroupPagePermission.objects.count()
            grant_organiser_permissions(page)
            if GroupPagePermission.objects.count() != before:
                changes.append(_("Let the “Event organisers” group manage events under /events/."))
        if section.slug == "privacy":
            privacy = page
    return privacy


def _ensure_site(home, host: str, port: int, name: str, changes: list[str]) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    clash = Site.objects.filter(hostname=host, port=port)
    if site is not None:
        clash = clash.exclude(pk=site.pk)
    if clash.exists():
        raise SetupError(
            _("Another Wagtail Site already answers for %(address)s: delete it in the admin first.")
            % {"address": f"{host}:{port}"}
        )
    if site is None:
        site = Site.objects.create(
            hostname=host, port=port, root_page=home, is_default_site=True, site_name=name
        )
        changes.append(_("Created the site %(url)s.") % {"url": site.root_url})
        return site
    updates = {"hostname": host, "port": port, "root_page_id": home.pk, "site_name": name}
    changed = {field for field, value in updates.items() if getattr(site, field) != value}
    if changed:
        old_url = site.root_url
        for field in changed:
            setattr(site, field, updates[field])
        site.save()
        if changed & {"hostname", "port"}:
            changes.append(
                _("Site address: %(old)s → %(new)s.") % {"old": old_url, "new": site.root_url}
            )
        if "root_page_id" in changed:
            changes.append(_("The site now starts at the home page."))
        if "site_name" in changed:
            changes.append(_("Site name: “%(name)s”.") % {"name": name})
    return site


def _ensure_settings(site: Site, home, name: str, privacy, changes: list[str]) -> None:
    from home.models import SiteSettings

    found = SiteSettings.for_site(site)  # made with the model's defaults if missing
    old_name = found.organisation_name
    dirty = False
    if found.organisation_name != name:
        found.organisation_name = name
        changes.append(_("Organisation name in the site settings: “%(name)s”.") % {"name": name})
        dirty = True
    if found.privacy_notice_id is None and privacy is not None:
        found.privacy_notice = privacy
        changes.append(_("The site settings link the privacy notice."))
        dirty = True
    if dirty:
        found.save()
    # The home page's title was the name it was made with: follow a new name unless an editor
    # gave the home page a title of its own.
    if old_name != name and home.title == old_name and not home.has_unpublished_changes:
        # Not over an editor's draft: publishing from the live page would discard it.
        home.title = name
        home.save_revision().publish()
        changes.append(_("Home page title: “%(name)s”.") % {"name": name})


def setup_site(name: str | None = None, base_url: str | None = None) -> tuple[list, list]:
    """Make the site; (changes made, warnings). SetupError, with nothing written, if it cannot.

    `name` defaults to the current site's name (WAGTAIL_SITE_NAME on an empty database),
    `base_url` to settings.HUB_BASE_URL."""
    base_url = base_url or settings.HUB_BASE_URL
    host, port = site_address(base_url)  # before anything is written
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise SetupError(_("The site's name must not be empty."))
        if len(name) > NAME_MAX:
            raise SetupError(
                _("The site's name must be at most %(max)d characters.") % {"max": NAME_MAX}
            )
    changes: list[str] = []
    warnings: list[str] = []
    with transaction.atomic():
        site = Site.objects.filter(is_default_site=True).first()
        if name is None:
            from home.models import SiteSettings

            found = SiteSettings.objects.filter(site=site).first() if site else None
            name = found.organisation_name if found else settings.WAGTAIL_SITE_NAME
        home = _find_home(changes, name)
        privacy = _ensure_sections(home, changes, warnings)
        site = _ensure_site(home, host, port, name, changes)
        _ensure_settings(site, home, name, privacy, changes)
    scheme, _host, _port = parse(base_url)
    if compose(scheme, host, port) != compose(*parse(settings.HUB_BASE_URL)):
        warnings.append(
            _(
                "HUB_BASE_URL is %(setting)s: set it to %(url)s too, or mails and feeds will "
                "link the other address."
            )
            % {"setting": settings.HUB_BASE_URL, "url": compose(scheme, host, port)}
        )
    return changes, warnings

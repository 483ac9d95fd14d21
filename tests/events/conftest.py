"""Fixtures for the events tests: a small site with /events/, and a factory for events.

Most tests use `events_index` (a home page and the events index, nothing else) rather than the
whole demo (`site_tree`), to stay fast.
"""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's rate limits live in the cache: every test starts with a full budget."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def events_index(db):
    from wagtail.models import Page, Site

    from events.models import EventIndexPage
    from home.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Hub", slug="hub-home")
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    index = EventIndexPage(title="Events", slug="events", intro="Community events.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def local(day, hour=10, minute=0, zone="Europe/Amsterdam"):
    import zoneinfo

    return timezone.make_aware(datetime.combine(day, time(hour, minute)), zoneinfo.ZoneInfo(zone))


@pytest.fixture
def make_event(events_index):
    """make_event(title, days=30, capacity=10, questions=[...], **fields) -> published EventPage.

    `questions` are (label, kind, required, options) tuples, each option a name or a (name,
    places) pair. The event starts `days` days from today at 10:00 Amsterdam time and lasts six
    hours.
    """
    from events.models import EventFormat, EventPage, EventQuestion, QuestionOption

    def option(spec, position):
        name, places = (spec, None) if isinstance(spec, str) else spec
        return QuestionOption(name=name, places=places, sort_order=position)

    def make(
        title="Sample event",
        *,
        days=30,
        capacity=10,
        questions=(),
        hours=6,
        parent=None,
        publish=True,
        **fields,
    ):
        start = local(timezone.localdate() + timedelta(days=days))
        fields.setdefault("format", EventFormat.ONLINE)
        fields.setdefault("online_url", "https://meet.example.org/secret-room")
        fields.setdefault("contact_email", "events@example.org")
        # Most tests are about seats; the address-confirmation step (on by default) has its
        # own tests (test_confirmation.py), which turn it on.
        fields.setdefault("confirm_email", False)
        page = EventPage(
            title=title,
            slug=fields.pop("slug", slugify(title)),
            summary=f"About {title}.",
            start=fields.pop("start", start),
            end=fields.pop("end", start + timedelta(hours=hours)),
            capacity=capacity,
            # An explicit order: tests unpack event.questions.all() in this order, and
            # PostgreSQL returns rows of equal sort_order in any order.
            questions=[
                EventQuestion(
                    label=label,
                    kind=kind,
                    required=required,
                    sort_order=position,
                    options=[option(spec, n) for n, spec in enumerate(options)],
                )
                for position, (label, kind, required, options) in enumerate(questions)
            ],
            **fields,
        )
        (parent or events_index).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def register():
    """services.register with defaults: register(event, "Name", "a@example.org", **kwargs)."""
    from events import services

    def call(event, name="Attendee", email="attendee@example.org", **kwargs):
        return services.register(event, name=name, email=email, **kwargs)

    return call


@pytest.fixture
def organiser(db, user_factory):
    """A member of the "Event organisers" group with page permissions on the events index."""
    from events.permissions import organisers_group

    def make(email="organiser@example.org"):
        user = user_factory(email=email)
        user.groups.add(organisers_group())
        return user

    return make


# --- Mail: the outbox (hub.outbox) sends what the services queue, once their transaction commits


class DownBackend:
    """A mail server that hangs up on every message (as Django's SMTP backend raises it)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        from smtplib import SMTPServerDisconnected

        raise SMTPServerDisconnected("Connection unexpectedly closed")


LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...`: what the block queued is handed to the worker (run at once in
    tests) as a real commit would; each test otherwise runs inside one transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def mail_server(settings):
    """mail_server.down() / .up(): the mail server fails every message, or works again.
    `retries`: the outbox's delays before giving up (`()`: the first failure is final)."""

    class Switch:
        def down(self, retries=()):
            settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
            settings.OUTBOX_RETRY_DELAYS = tuple(retries)

        def up(self):
            settings.EMAIL_BACKEND = LOCMEM

    return Switch()


@pytest.fixture
def stored_mails():
    """The outbox's mails about a registration, oldest first."""
    from events import mails

    return lambda registration: list(mails.mails_about(registration).order_by("pk"))

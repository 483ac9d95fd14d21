"""Fill the database with a large corpus for speed measurements (issue 8; bench/http_bench.py).

    manage.py load_demo && manage.py load_scale_corpus && manage.py update_index

Adds, on top of the demo: 10,000 biobanks / 30,000 collections through the real catalogue
sync (a synthetic EMX2 export), 5,000 pages (200 topics, 2,400 news, 2,400 training items),
1,000 events with 50,000 registrations, 1,000 funding calls and 2,000 partnership listings.
Pages are copies of the demo's own (all their fields, deadlines, sessions and questions), each
tagged with one of the topics, so every listing and topic page has plenty to show. Sizes can be
scaled down with ``--scale 0.1`` for a quick run. Not for a real site: it is marked nowhere.
"""

import itertools
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

FULL = {
    "biobanks": 10_000,
    "topics": 200,
    "news": 2_400,
    "training": 2_400,
    "events": 1_000,
    "registrations": 50_000,
    "calls": 1_000,
    "listings": 2_000,
}


class Command(BaseCommand):
    help = "Add a large synthetic corpus (10,000 biobanks, 8,000 pages...) to the demo site."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, scale, seed, **options):
        from community.models import NewsPage, TopicPage, TrainingPage
        from events.models import EventPage
        from funding.models import FundingCallPage

        if not 0 < scale <= 1:
            raise CommandError("--scale must be in (0, 1].")
        size = {name: max(1, int(number * scale)) for name, number in FULL.items()}
        models = {
            "news": NewsPage,
            "training": TrainingPage,
            "events": EventPage,
            "calls": FundingCallPage,
        }
        for name, model in {**models, "topics": TopicPage}.items():
            if not model.objects.live().exists():
                raise CommandError(f"No {name} page to copy: run manage.py load_demo first.")

        self._biobanks(size["biobanks"], seed)
        # Pages are indexed afterwards, all at once (manage.py update_index), not one by one.
        backends = {
            "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
        }
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            topics = self._topics(size["topics"])
            for name, model in models.items():
                self._copies(model, size[name], topics)
            self._registrations(size["registrations"])
            self._listings(size["listings"], topics)
        from hub.cache import forget_cached

        forget_cached()
        self.stdout.write(
            self.style.SUCCESS(
                "Scale corpus loaded: "
                + ", ".join(f"{n:,} {name}" for name, n in size.items())
                + ". Now run manage.py update_index."
            )
        )

    def _biobanks(self, number, seed):
        from community.biobanks.catalogue import sync
        from community.biobanks.catalogue.synthetic import generate

        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "export"
            generate(export, number, 3, seed)
            report = sync(str(export), source_key="scale-corpus", max_withdraw=None)
        self.stdout.write(report.summary())

    def _topics(self, number):
        from community.models import Topic, TopicPage

        template = TopicPage.objects.live().order_by("path").first()
        created = []
        for n in tqdm(range(number), desc="topics", unit="page"):
            topic = Topic.objects.create(
                name=f"Scale topic {n}", slug=f"scale-topic-{n}", sort_order=1000 + n
            )
            with transaction.atomic():
                page = template.copy(
                    update_attrs={
                        "title": f"Scale topic {n}",
                        "slug": f"scale-topic-{n}",
                        "topic": topic,
                    },
                    copy_revisions=False,
                    log_action=None,
                )
            created.append(page)
        return [page.topic for page in created] + list(
            Topic.objects.exclude(slug__startswith="scale-topic-")
        )

    def _copies(self, model, number, topics):
        originals = list(model.objects.live().order_by("path"))
        label = model._meta.verbose_name_plural
        cycle = itertools.cycle(originals)
        for n in tqdm(range(number), desc=str(label), unit="page"):
            original = next(cycle)
            title = f"{original.title} ({n})"
            with transaction.atomic():
                copy = original.copy(
                    update_attrs={"title": title, "slug": slugify(title)[:200]},
                    copy_revisions=False,
                    log_action=None,
                )
                copy.topics.set([topics[n % len(topics)]])

    def _registrations(self, number):
        from events.models import EventPage, Registration

        events = list(EventPage.objects.live().values_list("pk", flat=True))
        now = timezone.now()
        batch = []
        for n in tqdm(range(number), desc="registrations", unit="row"):
            batch.append(
                Registration(
                    event_id=events[n % len(events)],
                    name=f"Participant {n}",
                    email=f"participant{n}@example.org",
                    organisation="Scale corpus",
                    status="confirmed" if n % 5 else "waitlisted",
                    created_at=now - timedelta(minutes=n),
                    confirmed_at=now,
                )
            )
            if len(batch) == 5000:
                Registration.objects.bulk_create(batch)
                batch = []
        Registration.objects.bulk_create(batch)

    def _listings(self, number, topics):
        from funding.models import PartnershipListing

        originals = list(PartnershipListing.objects.public())
        if not originals:
            raise CommandError("No public partnership listing to copy: run load_demo first.")
        expires = timezone.localdate() + timedelta(days=300)
        through = PartnershipListing.topics.through
        for start in tqdm(range(0, number, 500), desc="listings", unit="×500"):
            batch = []
            for n in range(start, min(number, start + 500)):
                original = originals[n % len(originals)]
                fields = {
                    f.attname: getattr(original, f.attname)
                    for f in PartnershipListing._meta.concrete_fields
                    if not f.primary_key
                }
                fields.update(title=f"{original.title[:140]} ({n})", expires_on=expires)
                batch.append(PartnershipListing(**fields))
            created = PartnershipListing.objects.bulk_create(batch)
            through.objects.bulk_create(
                [
                    through(partnershiplisting_id=item.pk, topic_id=topics[i % len(topics)].pk)
                    for i, item in enumerate(created, start)
                ]
            )

"""Demo newsletter editions: one sent (in the archive at /newsletter/archive/) and one draft
(``load``, run by ``manage.py load_demo`` after the other demo content it draws from).

Idempotent: editions are found by slug. The sent one is marked sent without mailing anyone: a
demo must not write to real addresses.
"""

from django.utils import timezone

from community.editions import render
from community.editions.models import Edition
from community.models import Topic


def _auto(kind: str, count: int, heading: str = "") -> tuple:
    return (kind, {"heading": heading, "count": count})


SENT = {
    "slug": "community-update-autumn",
    "title": "Community update: autumn",
    "intro": "What happened in the community this season, and what is coming up.",
    "body": [
        (
            "text",
            "<p>Welcome to the community newsletter. This edition brings the latest news, "
            "the events you can still register for and the funding calls that close soon.</p>",
        ),
        _auto("latest_news", 3),
        _auto("upcoming_events", 3),
        _auto("closing_calls", 3),
        _auto("new_biobanks", 3, "New in the catalogue"),
    ],
}
DRAFT = {
    "slug": "community-update-winter",
    "title": "Community update: winter",
    "intro": "Partnerships, events and calls for the months ahead.",
    "body": [
        ("text", "<p>A draft: editors can preview it as a web page and as the e-mail.</p>"),
        _auto("new_partnerships", 4),
        _auto("upcoming_events", 2),
    ],
}


def _edition(fields: dict) -> tuple[Edition, bool]:
    found = Edition.objects.filter(slug=fields["slug"]).first()
    if found:
        return found, False
    edition = Edition(
        slug=fields["slug"], title=fields["title"], intro=fields["intro"], body=fields["body"]
    )
    edition.live = False
    edition.save()
    return edition, True


def load(stdout=None) -> None:
    sent, created = _edition(SENT)
    if created:
        sent.save_revision().publish()
        sent.refresh_from_db()
        sent.snapshot = render.take_snapshot(sent)
        sent.sent_at = sent.finished_at = timezone.now()
        sent.save(update_fields=["snapshot", "sent_at", "finished_at"])
    draft, created = _edition(DRAFT)
    if created:
        draft.audience = Edition.Audience.TOPICS
        draft.topics = list(Topic.objects.all()[:2])
        draft.save()
        draft.save_revision()
    if stdout:
        stdout.write("Newsletter editions: one sent, one draft.")

"""Demo content for training and news: /training/ with thirteen items, /news/ with five articles.

The items are in ``community.demo_training_data``, the articles in ``community.demo_news``.
People appear by role only. Two items are uploaded documents.

Idempotent: pages are found by slug, documents by title; an editor's changes survive a second
run. Needs `home.demo` and `community.demo` first (home page, topics).
"""

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection

from community.demo_news import load_news
from community.demo_training_data import TRAINING, TRAINING_INTRO
from community.models import (
    NewsPage,
    Topic,
    TrainingAudience,
    TrainingIndexPage,
    TrainingPage,
    TrainingTheme,
)
from community.models.training_vocabularies import ensure_vocabularies
from home.demo import ensure_child
from home.models import HomePage


def _document(title: str, filename: str, text: str):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    storage = Document._meta.get_field("file").storage
    name = f"documents/{filename}"
    if not storage.exists(name):  # a fixed name: repeated loads (and test runs) reuse the file
        name = storage.save(name, ContentFile(text.encode()))
    document = Document(title=title, collection=Collection.get_first_root_node(), file=name)
    document._set_document_file_metadata()
    document.file.close()
    document.save()
    return document


def load_training(home) -> TrainingIndexPage:
    ensure_vocabularies()
    index = ensure_child(
        home,
        TrainingIndexPage,
        "training",
        title="Training",
        show_in_menus=True,
        intro=TRAINING_INTRO,
    )
    index = TrainingIndexPage.objects.get(pk=index.pk)
    for spec in TRAINING:
        if TrainingPage.objects.filter(slug=spec["slug"]).exists():
            continue
        document = _document(*spec["document"]) if spec.get("document") else None
        ensure_child(
            index,
            TrainingPage,
            spec["slug"],
            title=spec["title"],
            description=spec["description"],
            search_description=spec["description"],
            training_type=spec["training_type"],
            difficulty=spec["difficulty"],
            learning_objectives=spec["objectives"],
            prerequisites=spec["prerequisites"],
            duration_minutes=spec["minutes"],
            language=spec["language"],
            licence=spec["licence"],
            provider=spec["provider"],
            date=spec["date"],
            version=spec["version"],
            external_url=spec.get("url", ""),
            document=document,
            audiences=list(TrainingAudience.objects.filter(slug__in=spec["audiences"])),
            themes=list(TrainingTheme.objects.filter(slug__in=spec["themes"])),
            topics=list(Topic.objects.filter(slug__in=spec["topics"])),
        )
    return index


@transaction.atomic
def load(stdout=None):
    home = HomePage.objects.get(locale__language_code="en")
    training = load_training(home)
    news = load_news(home)
    if stdout:
        stdout.write(
            f"Training and news: {TrainingPage.objects.count()} training items under "
            f"/{training.slug}/, {NewsPage.objects.count()} articles under /{news.slug}/."
        )

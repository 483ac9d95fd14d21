"""Editions, subscribers and an editor for the edition tests."""

import pytest
from django.utils import timezone

from community.editions.models import Edition
from community.models import Subscriber


@pytest.fixture
def subscribe():
    """subscribe(email, topics=(), confirmed=True) → a Subscriber."""

    def make(email, topics=(), confirmed=True):
        subscriber = Subscriber.objects.create(
            email=email,
            consent_text="I agree.",
            consent_version="test",
            confirmed_at=timezone.now() if confirmed else None,
        )
        subscriber.topics.set(topics)
        return subscriber

    return make


@pytest.fixture
def make_edition():
    """make_edition(slug, body=[…], publish=True, **fields) → an Edition (published: live)."""

    def make(slug="autumn", body=None, publish=True, topics=(), **fields):
        edition = Edition(
            slug=slug,
            title=fields.pop("title", f"Community update {slug}"),
            intro=fields.pop("intro", "What happened this season."),
            body=body
            if body is not None
            else [("text", '<p>Hello <a href="/events/">see the events</a>.</p>')],
            live=False,
            **fields,
        )
        edition.save()
        if topics:
            edition.topics = list(topics)
            edition.save()
        revision = edition.save_revision()
        if publish:
            revision.publish()
            edition.refresh_from_db()
        return edition

    return make


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "x", first_name="Eda"
    )

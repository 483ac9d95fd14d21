"""Existing programme sessions become translatable children of their event page.

A session takes its page's locale (as Wagtail gives a new child of a translatable page). A
source page's sessions get new translation keys; the copies a translated page holds get the key
of the source session at the same place in the programme (same day, start and track), so that
wagtail-localize recognises them. The sessions saved in the pages' revisions and in
wagtail-localize's translation sources get the same keys: a draft published later, or a
translation made from an older source, keeps them.
"""

import json
import uuid

from django.conf import settings
from django.db import migrations


def _key(session):
    return (session.day, session.start_time, session.track)


def session_keys(apps):
    """{session pk: (translation key, locale id)} for every session."""
    Page = apps.get_model("wagtailcore", "Page")
    EventSession = apps.get_model("events", "EventSession")
    Locale = apps.get_model("wagtailcore", "Locale")
    default = (
        Locale.objects.filter(language_code=settings.LANGUAGE_CODE)
        .values_list("pk", flat=True)
        .first()
    )
    sessions: dict[int, list] = {}
    for session in EventSession.objects.order_by("event_id", "sort_order", "pk"):
        sessions.setdefault(session.event_id, []).append(session)
    pages = {
        pk: (locale_id, key)
        for pk, locale_id, key in Page.objects.filter(pk__in=sessions).values_list(
            "pk", "locale_id", "translation_key"
        )
    }
    source_of = {key: pk for pk, (locale_id, key) in pages.items() if locale_id == default}
    found = {}
    # Source pages first: their keys are what the translations' copies take.
    ordered = sorted(sessions, key=lambda pk: pages.get(pk, (None, None))[0] != default)
    for event_id in ordered:
        locale_id, page_key = pages.get(event_id, (default, None))
        source_id = source_of.get(page_key)
        source_sessions = sessions.get(source_id, []) if source_id != event_id else []
        for position, session in enumerate(sessions[event_id]):
            key = None
            if position < len(source_sessions) and _key(source_sessions[position]) == _key(session):
                key = found.get(source_sessions[position].pk, (None,))[0]
            session.translation_key = key or uuid.uuid4()
            session.locale_id = locale_id or default
            session.save(update_fields=["translation_key", "locale"])
            found[session.pk] = (session.translation_key, session.locale_id)
    return found


def _patch(content, found):
    """Give the sessions of a serialised page their keys; True if any changed."""
    changed = False
    for session in content.get("sessions") or []:
        if session.get("pk") in found:
            key, locale_id = found[session["pk"]]
        elif session.get("translation_key"):
            continue
        else:  # a session added in a draft, or deleted since
            key, locale_id = uuid.uuid4(), content.get("locale")
        if (session.get("translation_key"), session.get("locale")) != (str(key), locale_id):
            session["translation_key"] = str(key)
            session["locale"] = locale_id
            changed = True
    return changed


def forwards(apps, schema_editor):
    found = session_keys(apps)
    ContentType = apps.get_model("contenttypes", "ContentType")
    event_type = ContentType.objects.filter(app_label="events", model="eventpage").first()
    if event_type is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type=event_type).iterator():
        content = revision.content
        if isinstance(content, dict) and _patch(content, found):
            revision.content = content
            revision.save(update_fields=["content"])
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type=event_type).iterator():
        content = json.loads(source.content_json)
        if _patch(content, found):
            source.content_json = json.dumps(content)
            source.save(update_fields=["content_json"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_bootstrap_translatable"),
        ("hub", "0004_content_locales"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

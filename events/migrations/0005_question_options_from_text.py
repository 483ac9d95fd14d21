"""Each line of a question's options text becomes a QuestionOption row (and back).

A workshop line "name | places" gives the option `name` with `places` (a line without a number
of places, none), read as the site read it until now; other lines are the option's name. The
names stay exactly as they were, so the answers registrations stored (the chosen option's name)
keep matching.

The page revisions of events hold the same text (drafts, and what the editor opens): their
questions get the same rows in their JSON, or the editor would open a draft without options.
"""

from django.db import migrations

WORKSHOP = "workshop"
NAME_MAX = 255


def parse(kind, text):
    """[(name, places or None)] from the old text, as EventQuestion.option_list() read it."""
    rows = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if kind == WORKSHOP and "|" in line:
            name, _bar, places = line.rpartition("|")
            name, places = name.strip(), places.strip()
            rows.append((name, int(places) if places.isdigit() else None))
        else:
            rows.append((line, None))
    return [(name[:NAME_MAX], places) for name, places in rows if name]


def unparse(kind, rows):
    return "\n".join(
        f"{name} | {places}" if kind == WORKSHOP and places is not None else name
        for name, places in rows
    )


def _event_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="events", model="eventpage").first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type=content_type)


def forwards(apps, schema_editor):
    EventQuestion = apps.get_model("events", "EventQuestion")
    QuestionOption = apps.get_model("events", "QuestionOption")
    created = {}  # (question pk, name) -> option pk, for the revisions
    for question in EventQuestion.objects.exclude(legacy_options="").iterator():
        for position, (name, places) in enumerate(parse(question.kind, question.legacy_options)):
            option = QuestionOption.objects.create(
                question=question, name=name, places=places, sort_order=position
            )
            created.setdefault((question.pk, name), option.pk)

    for revision in _event_revisions(apps).iterator():
        questions = (revision.content or {}).get("questions")
        if not isinstance(questions, list):
            continue
        changed = False
        for data in questions:
            text = data.get("options", "")
            if not isinstance(text, str):
                continue  # converted already
            data["options"] = [
                {
                    "pk": created.get((data.get("pk"), name)),
                    "sort_order": position,
                    "name": name,
                    "places": places,
                    "question": data.get("pk"),
                }
                for position, (name, places) in enumerate(parse(data.get("kind"), text))
            ]
            changed = True
        if changed:
            revision.save(update_fields=["content"])


def backwards(apps, schema_editor):
    EventQuestion = apps.get_model("events", "EventQuestion")
    for question in EventQuestion.objects.prefetch_related("options").iterator(chunk_size=500):
        rows = [(option.name, option.places) for option in question.options.all()]
        if rows:
            question.legacy_options = unparse(question.kind, rows)
            question.save(update_fields=["legacy_options"])

    for revision in _event_revisions(apps).iterator():
        questions = (revision.content or {}).get("questions")
        if not isinstance(questions, list):
            continue
        changed = False
        for data in questions:
            options = data.get("options", [])
            if not isinstance(options, list):
                continue
            rows = [(option.get("name", ""), option.get("places")) for option in options]
            data["options"] = unparse(data.get("kind"), rows)
            changed = True
        if changed:
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_question_options"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""Migrations 0004-0006: the options text of registration questions becomes QuestionOption rows
and back, in the tables and in the pages' revisions, and answers keep matching the options."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import EventPage, QuestionKind

BEFORE = [("events", "0003_email_confirmation")]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes("events")


def test_options_text_becomes_rows_and_back(make_event, register):
    event = make_event(
        "Workshop day",
        questions=[
            ("Role", QuestionKind.SINGLE, True, ["Biobank", "Researcher | lab"]),
            ("Workshop", QuestionKind.WORKSHOP, True, [("Quality", 30), ("Access", None)]),
            ("Diet", QuestionKind.SHORT_TEXT, False, []),
        ],
    )
    role, workshop, diet = event.questions.all()
    register(event, email="a@example.org", answers={role.key: "Biobank", workshop.key: "Quality"})
    event.save_revision()  # a draft, as the editor would open it
    try:
        # Backwards: the rows become the text the site read before.
        old = migrate(BEFORE)
        texts = dict(old.get_model("events", "EventQuestion").objects.values_list("pk", "options"))
        assert texts == {
            role.pk: "Biobank\nResearcher | lab",
            workshop.pk: "Quality | 30\nAccess",
            diet.pk: "",
        }
        revision = old.get_model("wagtailcore", "Revision").objects.order_by("pk").last()
        assert [q["options"] for q in revision.content["questions"]] == [
            "Biobank\nResearcher | lab",
            "Quality | 30\nAccess",
            "",
        ]
        old.get_model("events", "EventQuestion").objects.filter(pk=workshop.pk).update(
            options="Quality | 30\n\n  Linkage|2 \nAccess"
        )

        # Forwards: each line a row, "name | places" for workshops only.
        migrate([latest()[0]])
        event = EventPage.objects.get(pk=event.pk)
        role, workshop, diet = event.question_list()
        assert role.option_list() == [("Biobank", None), ("Researcher | lab", None)]
        assert workshop.option_list() == [("Quality", 30), ("Linkage", 2), ("Access", None)]
        assert diet.option_list() == []
        # The stored answer still names one of the options, and counts for its places.
        from events.answers import workshop_usage

        assert workshop_usage(event)[(workshop.key, "Quality")] == 1
        # The draft opens with its options, which keep the rows' ids.
        draft = event.get_latest_revision_as_object()
        options = [o for q in draft.questions.all() for o in q.options.all()]
        assert [(o.name, o.places) for o in options][-2:] == [("Quality", 30), ("Access", None)]
        assert options[-2].pk == workshop.options.get(name="Quality").pk
    finally:
        migrate(latest())

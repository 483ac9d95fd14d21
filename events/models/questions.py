"""The questions of an event's registration form, and the options of its choice questions.

Options are rows of their own (edited inline under their question), each with its number of
places when the question is a workshop choice. Registrations store the chosen option's name
(events/answers.py), so renaming an option separates it from the answers already given.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from events.admin_forms import OptionsPanel


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    WORKSHOP = "workshop", _("Workshop choice (each with its own places)")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.WORKSHOP)


class EventQuestion(Orderable, ClusterableModel):
    """A question on an event's registration form. Answers are kept per question id."""

    event = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(
        _("type"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SHORT_TEXT
    )
    required = models.BooleanField(_("required"), default=False)

    # The question takes the full width (it is the longest text); its type and whether it is
    # required share a row; the options come below as their own inline list.
    panels = [
        FieldPanel("label", classname="events-question-label"),
        FieldPanel("help_text"),
        FieldRowPanel(
            [FieldPanel("kind", classname="col8"), FieldPanel("required", classname="col4")]
        ),
        OptionsPanel(
            "options",
            heading=_("Options"),
            label=_("option"),
            help_text=_(
                "For choice questions: at least two options, or one workshop. Renaming an "
                "option later separates it from the answers already given."
            ),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return self.label

    @property
    def key(self) -> str:
        """The key of this question's answer in Registration.answers ('q' + id)."""
        return f"q{self.pk}"

    @property
    def is_workshop(self) -> bool:
        return self.kind == QuestionKind.WORKSHOP

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    def option_list(self) -> list[tuple[str, int | None]]:
        """[(option, places or None)] in order; places count for workshop choices only.

        Reads `options.all()`: prefetch them (EventPage.question_list) to save a query each.
        """
        workshop = self.is_workshop
        return [(option.name, option.places if workshop else None) for option in self.options.all()]


class QuestionOption(Orderable):
    """One option of a choice question; a workshop's option may limit its places."""

    question = ParentalKey(EventQuestion, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(_("option"), max_length=255)
    places = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("For workshop choices: how many people it takes. Leave empty for no limit."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("name", classname="col9"), FieldPanel("places", classname="col3")]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.name


def own_options(page):
    """Point the question options of a revision at their own question.

    Copying a page with its revisions renumbers the questions in the copied revisions but not
    the options nested in them: those would still name the original event's rows, and publishing
    such a revision would move them to the copy. An option whose row belongs to another question
    becomes a new row (answers are stored by option name, so nothing is lost).
    """
    questions = list(page.questions.all())
    options = [(question, option) for question in questions for option in question.options.all()]
    owner = dict(
        QuestionOption.objects.filter(
            pk__in=[option.pk for _question, option in options if option.pk]
        ).values_list("pk", "question_id")
    )
    for question, option in options:
        if option.pk and owner.get(option.pk) != question.pk:
            option.pk = option.id = None
        option.question_id = question.pk


def number_questions(page) -> None:
    """Give questions and options made in code (the demo, scripts) a sort order, in the
    order given, as the editor does.

    Without one (NULL) their order was undefined: PostgreSQL returned them as it found the
    rows, the editor saved that order as the sort order on the next publish (a capacity
    changed, the event full), and the form's questions and workshops changed order.
    """
    questions = page.questions.all()
    if isinstance(questions, models.QuerySet):  # stored rows: the editor numbered them
        return
    for position, question in enumerate(questions):
        if question.sort_order is None:
            question.sort_order = position
        for number, option in enumerate(question.options.all()):
            if option.sort_order is None:
                option.sort_order = number

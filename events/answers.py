"""Answers to an event's registration questions, and the places of its workshops.

Answers are stored on the registration as {question key ('q<id>'): value}; a choice is stored
by the option's name, so a workshop's places are counted per (question key, option name).
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext_lazy as _

from events.models import EventQuestion, QuestionKind, Registration
from events.refusals import InvalidRegistration

NAME_MAX = 200
ORGANISATION_MAX = 200
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 3000


def clean_answers(questions: list[EventQuestion], answers: dict) -> dict:
    """Answers keyed by question ('q<id>'), checked against the questions; unknown keys dropped.

    The registration form checks the same things field by field; this is the last line for
    any other caller.
    """
    if not isinstance(answers, dict):
        raise InvalidRegistration()
    cleaned = {}
    for question in questions:
        value = answers.get(question.key)
        options = [name for name, _places in question.option_list()]
        if question.kind == QuestionKind.YES_NO:
            if value in (None, ""):
                if question.required:
                    raise _unanswered(question)
                continue
            if not isinstance(value, bool):
                raise InvalidRegistration(field=question.key)
            cleaned[question.key] = value
        elif question.kind == QuestionKind.MULTIPLE:
            values = value or []
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or any(v not in options for v in values):
                raise InvalidRegistration(field=question.key)
            if question.required and not values:
                raise _unanswered(question)
            if values:
                cleaned[question.key] = [option for option in options if option in values]
        else:
            value = "" if value is None else value
            if not isinstance(value, str):
                raise InvalidRegistration(field=question.key)
            value = value.strip()
            if not value:
                if question.required:
                    raise _unanswered(question)
                continue
            if (
                question.kind in (QuestionKind.SINGLE, QuestionKind.WORKSHOP)
                and value not in options
            ):
                raise InvalidRegistration(field=question.key)
            limit = LONG_TEXT_MAX if question.kind == QuestionKind.LONG_TEXT else SHORT_TEXT_MAX
            if len(value) > limit:
                raise InvalidRegistration(field=question.key)
            cleaned[question.key] = value
    return cleaned


def _unanswered(question) -> InvalidRegistration:
    return InvalidRegistration(_("Answer “%(q)s”.") % {"q": question.label}, field=question.key)


# --- Workshop places -------------------------------------------------------------------------


def workshop_usage(event, questions=None) -> Counter:
    """{(question key, option): confirmed registrations that chose it}: two queries at most."""
    questions = [
        q for q in (questions if questions is not None else event.question_list()) if q.is_workshop
    ]
    usage = Counter()
    if not questions:
        return usage
    keys = [q.key for q in questions]
    rows = (
        Registration.objects.filter(event_id=event.pk).confirmed().values_list("answers", flat=True)
    )
    for answers in rows:
        for key in keys:
            choice = (answers or {}).get(key)
            if choice:
                usage[(key, choice)] += 1
    return usage


def workshops_full(questions, usage: Counter) -> set[tuple[str, str]]:
    """The (question key, option) pairs that have no place left."""
    full = set()
    for question in questions:
        if not question.is_workshop:
            continue
        for option, places in question.option_list():
            if places is not None and usage[(question.key, option)] >= places:
                full.add((question.key, option))
    return full


def workshop_choices(questions, answers) -> list[tuple[EventQuestion, str]]:
    """The (question, option) pairs of the workshops chosen in `answers`."""
    return [(q, answers[q.key]) for q in questions if q.is_workshop and answers.get(q.key)]


def full_choice(choices, usage: Counter) -> tuple[EventQuestion, str] | None:
    """The first chosen (question, workshop) that has no place left, if any."""
    for question, option in choices:
        places = dict(question.option_list()).get(option)
        if places is not None and usage[(question.key, option)] >= places:
            return question, option
    return None


def choices_fit(choices, usage: Counter) -> bool:
    """Does every chosen workshop have a place left?"""
    return full_choice(choices, usage) is None


# --- Showing answers -------------------------------------------------------------------------


def answer_rows(registration, questions) -> list[tuple[str, str]]:
    """(question, answer) for each question the registration answered."""
    rows = []
    for question in questions:
        value = (registration.answers or {}).get(question.key)
        if value in (None, "", []):
            continue
        rows.append((question.label, display_answer(value)))
    return rows


def display_answer(value) -> str:
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)

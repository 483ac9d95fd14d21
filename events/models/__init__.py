from events.models.pages import (
    DEFAULT_TIME_ZONE,
    EventFormat,
    EventIndexPage,
    EventPage,
    EventPageQuerySet,
    EventQuestion,
    EventSession,
    QuestionKind,
    RegistrationPhase,
)
from events.models.registrations import Registration, RegistrationQuerySet, RegistrationStatus

__all__ = [
    "DEFAULT_TIME_ZONE",
    "EventFormat",
    "EventIndexPage",
    "EventPage",
    "EventPageQuerySet",
    "EventQuestion",
    "EventSession",
    "QuestionKind",
    "Registration",
    "RegistrationPhase",
    "RegistrationQuerySet",
    "RegistrationStatus",
]

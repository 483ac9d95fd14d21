from events.models.display import EventFormat
from events.models.messages import OrganiserMessage
from events.models.pages import EventIndexPage, EventPage
from events.models.programme import EventSession
from events.models.querysets import EventPageQuerySet
from events.models.questions import CHOICE_KINDS, EventQuestion, QuestionKind, QuestionOption
from events.models.registration_state import RegistrationPhase, RegistrationState
from events.models.registrations import Registration, RegistrationQuerySet, RegistrationStatus
from events.timezones import DEFAULT_TIME_ZONE

__all__ = [
    "CHOICE_KINDS",
    "DEFAULT_TIME_ZONE",
    "EventFormat",
    "EventIndexPage",
    "EventPage",
    "EventPageQuerySet",
    "EventQuestion",
    "EventSession",
    "OrganiserMessage",
    "QuestionKind",
    "QuestionOption",
    "Registration",
    "RegistrationPhase",
    "RegistrationQuerySet",
    "RegistrationState",
    "RegistrationStatus",
]

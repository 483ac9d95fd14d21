"""The refusals of events.services: each says, in `message`, why to the person concerned.

Views turn them into form errors (`field` names the form field the message belongs to) or
messages.
"""

from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    """A registration (or cancellation) the rules do not allow; `message` says why."""

    default_message = _("This registration is not possible.")

    def __init__(self, message=None, *, registration=None, field=None):
        self.message = message or self.default_message
        self.registration = registration
        self.field = field  # the form field the message belongs to, if any
        super().__init__(str(self.message))


class RegistrationNotOpen(RegistrationError):
    default_message = _("Registration for this event has not opened yet.")


class RegistrationClosed(RegistrationError):
    default_message = _("Registration for this event is closed.")


class RegistrationDisabled(RegistrationError):
    default_message = _("This event does not take registrations on this site.")


class EventCancelled(RegistrationError):
    default_message = _("This event has been cancelled.")


class EventOver(RegistrationError):
    default_message = _("This event has already taken place.")


class EventFull(RegistrationError):
    default_message = _("This event is full and has no waiting list.")


class AlreadyRegistered(RegistrationError):
    """For organisers only; the public answer is the one a new registration gets
    (register_publicly), so that it tells no one whether an address is registered."""

    default_message = _("This e-mail address is already registered for this event.")

    def __init__(self, message=None, *, would_be=None, position=None, **kwargs):
        super().__init__(message, **kwargs)
        self.would_be = would_be  # the status a new registration would have had
        self.position = position  # and its place on the waiting list


class ConfirmationExpired(RegistrationError):
    default_message = _(
        "This registration was not confirmed in time and has been released. Please register again."
    )


class WorkshopFull(RegistrationError):
    default_message = _("This workshop is full. Please choose another one.")


class InvalidRegistration(RegistrationError):
    default_message = _("Some of the details are missing or not valid.")


class CheckInError(RegistrationError):
    default_message = _("Only confirmed registrations can be checked in.")

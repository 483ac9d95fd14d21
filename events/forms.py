"""Forms: the public registration form, the event list filters, and the organisers' forms."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, datetime

from django import forms
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.newsletter import normalise_email
from events.answers import LONG_TEXT_MAX, NAME_MAX, ORGANISATION_MAX, SHORT_TEXT_MAX
from events.models import EventFormat, QuestionKind, RegistrationStatus
from hub.forms_rendering import opt_outs_last
from hub.widgets import QuickSelect

PRIVACY_CONSENT_TEXT = _(
    "I agree that the organisers store my registration to run this event, as described in the "
    "privacy notice. My details are removed some time after the event."
)
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


# --- Registration ----------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    """Name, e-mail, organisation, the event's own questions, and the privacy consent.

    Question fields are named by the question's answer key ('q<id>'); `answers()` returns the
    cleaned answers in the shape the services store.
    """

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, like name@example.org."),
        },
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=ORGANISATION_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    consent = forms.BooleanField(
        label=PRIVACY_CONSENT_TEXT,
        required=True,
        error_messages={"required": _("Tick the box to agree, otherwise we cannot register you.")},
    )

    def __init__(self, *args, questions=(), full_workshops=frozenset(), privacy_url=None, **kwargs):
        kwargs.setdefault("auto_id", "registration-%s")
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        consent = self.fields.pop("consent")
        for question in self.questions:
            self.fields[question.key] = question_field(question, full_workshops)
        self.fields["consent"] = consent
        if privacy_url:
            consent.help_text = format_html(
                '<a href="{}">{}</a>', privacy_url, _("Read the privacy notice")
            )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def answers(self) -> dict:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.key)
            if question.kind == QuestionKind.YES_NO:
                if value in ("yes", "no"):
                    result[question.key] = value == "yes"
            elif question.kind == QuestionKind.MULTIPLE:
                if value:
                    result[question.key] = list(value)
            elif value:
                result[question.key] = value
        return result

    def question_fields(self):
        return [self[question.key] for question in self.questions]


def question_field(question, full_workshops=frozenset()) -> forms.Field:
    # Django's form templates print help texts as HTML (`|safe`): an organiser's help text is
    # plain text, so it is escaped here (escape() marks it safe: never escaped twice).
    common = {
        "label": question.label,
        "required": question.required,
        "help_text": escape(question.help_text),
    }
    required_message = {"required": _("Answer this question.")}
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_MAX, error_messages=required_message, **common)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=LONG_TEXT_MAX,
            error_messages=required_message,
            widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=YES_NO,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose yes or no.")},
            **common,
        )
    options = opt_outs_last([name for name, _places in question.option_list()])
    if kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(o, o) for o in options],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one.")},
            **common,
        )
    if kind == QuestionKind.WORKSHOP:
        return WorkshopChoiceField(question, full_workshops, **common)
    return forms.ChoiceField(
        choices=[(o, o) for o in options],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one.")},
        **common,
    )


class WorkshopRadioSelect(forms.RadioSelect):
    """Radio buttons in the workshops' own order, one without a place left disabled in its
    place (never moved or removed, so the list reads the same whether full or not)."""

    disabled_values = frozenset()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.disabled_values and not selected:
            option["attrs"]["disabled"] = True
        return option


class WorkshopChoiceField(forms.ChoiceField):
    """Workshops with places left; a full one is shown as "(full)", disabled and refused."""

    widget = WorkshopRadioSelect
    refuse_full = True  # organisers may overbook (the service decides, see force_confirm)

    def __init__(self, question, full_workshops, **kwargs):
        self.full = {option for key, option in full_workshops if key == question.key}
        choices = []
        for option, places in question.option_list():
            label = option
            if option in self.full:
                label = _("%(option)s (full)") % {"option": option}
            elif places is not None:
                label = ngettext(
                    "%(option)s (%(places)d place)", "%(option)s (%(places)d places)", places
                ) % {"option": option, "places": places}
            choices.append((option, label))
        super().__init__(
            choices=choices, error_messages={"required": _("Choose a workshop.")}, **kwargs
        )
        self.widget.disabled_values = frozenset(self.full)

    def validate(self, value):
        super().validate(value)
        if self.refuse_full and value in self.full:
            raise forms.ValidationError(
                _("The workshop “%(option)s” is full. Please choose another one."),
                params={"option": value},
                code="full",
            )


class OrganiserRegistrationForm(RegistrationForm):
    """Adding someone by hand: no consent box (the organiser answers for it), two options."""

    force_confirm = forms.BooleanField(
        label=_("Confirm even if the event or the chosen workshop is full"),
        required=False,
        help_text=_("Otherwise the person joins the waiting list when there is no seat."),
    )
    notify = forms.BooleanField(
        label=_("Send them the confirmation e-mail"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        del self.fields["consent"]
        for field in self.fields.values():
            if isinstance(field, WorkshopChoiceField):
                field.refuse_full = False
                field.widget.disabled_values = frozenset()  # organisers may overbook
        for name in ("force_confirm", "notify"):
            self.fields[name] = self.fields.pop(name)  # after the questions


class ChangeAnswersForm(RegistrationForm):
    """A registrant changing their answers on their own page (events.own_page): the same
    questions and checks as registering; the e-mail address is not editable (the link and the
    seat belong to it), and consent was given when registering."""

    def __init__(self, *args, registration, **kwargs):
        kwargs.setdefault("auto_id", "change-%s")
        kwargs["initial"] = {
            "name": registration.name,
            "organisation": registration.organisation,
            **initial_answers(kwargs.get("questions", ()), registration.answers or {}),
        }
        super().__init__(*args, **kwargs)
        del self.fields["email"]
        del self.fields["consent"]


def initial_answers(questions, answers: dict) -> dict:
    """Stored answers (events.answers) as the form's initial values."""
    initial = {}
    for question in questions:
        value = answers.get(question.key)
        if value in (None, "", []):
            continue
        if question.kind == QuestionKind.YES_NO:
            initial[question.key] = "yes" if value else "no"
        else:
            initial[question.key] = value
    return initial


# --- The event list --------------------------------------------------------------------------

WHEN_CHOICES = [("upcoming", _("Upcoming events")), ("past", _("Past events"))]


class EventFilterForm(forms.Form):
    """Filters of /events/. Anything that does not validate is ignored (the default applies)."""

    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=QuickSelect)
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        widget=QuickSelect,
        choices=[("", _("Any format")), *EventFormat.choices],
    )
    month = forms.ChoiceField(label=_("Month"), required=False, widget=QuickSelect)
    when = forms.ChoiceField(
        label=_("Show"), required=False, choices=WHEN_CHOICES, widget=forms.HiddenInput
    )

    def __init__(self, *args, topics=(), months=(), **kwargs):
        """`topics`: (slug, name) pairs; `months`: (key, label) pairs (events.views.public)."""
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All topics")), *topics]
        self.fields["month"].choices = [("", _("Any month")), *months]

    def filters(self) -> dict:
        """The valid filters only, each junk value dropped on its own."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def month_key(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m")


def month_label(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return formats.date_format(date(year, month, 1), "F Y")


def month_range(key: str) -> tuple[datetime, datetime]:
    """The start of the month and of the next one, in the site's time zone."""
    year, month = (int(part) for part in key.split("-"))
    tz = timezone.get_current_timezone()
    start = datetime(year, month, 1)
    days = pycalendar.monthrange(year, month)[1]
    end = datetime.combine(date(year, month, days), datetime.min.time()) + timezone.timedelta(
        days=1
    )
    return timezone.make_aware(start, tz), timezone.make_aware(end, tz)


# --- Organiser forms -------------------------------------------------------------------------


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search name, e-mail or organisation"), required=False, max_length=200
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *RegistrationStatus.choices]
    )
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        required=False,
        choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))],
    )
    workshop = forms.ChoiceField(label=_("Workshop"), required=False)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("All"))]
        for question in questions:
            if question.is_workshop:
                choices += [
                    (f"{question.key}:{option}", f"{question.label}: {option}")
                    for option, _places in question.option_list()
                ]
        self.fields["workshop"].choices = choices
        if len(choices) == 1:
            del self.fields["workshop"]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone registered"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why the event is cancelled, and what happens next (a new date?)."),
    )
    confirm = forms.BooleanField(
        label=_("Yes, cancel this event and mail everyone registered or waiting"),
        error_messages={"required": _("Tick the box to confirm.")},
    )

"""The event page's editor form: times typed as the clock reads at the event, and the options of
each registration question checked against its kind."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel

from events.timezones import DEFAULT_TIME_ZONE, zone

LOCAL_TIME_FIELDS = ("start", "end", "registration_opens_at", "registration_closes_at")


class EventPageForm(WagtailAdminPageForm):
    """Times are typed as the clock reads at the event, whatever the editor's own time zone;
    each question's options are checked against its kind (QuestionOptionFormSet)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tz = zone(self.instance.time_zone)
        for name in LOCAL_TIME_FIELDS:
            if name not in self.fields:
                continue
            self.fields[name].help_text = _("In the event's time zone.") + (
                " " + str(self.fields[name].help_text) if self.fields[name].help_text else ""
            )
            value = getattr(self.instance, name, None)
            if value is not None and timezone.is_aware(value):
                self.initial[name] = timezone.make_naive(value, tz)
        # modelcluster gives the options formset of a new question a blank question of its own
        # (and points it at the real one only when saving): point it there now, so that
        # QuestionOptionFormSet sees the kind the editor chose.
        questions = self.formsets.get("questions")
        for question_form in questions.forms if questions else ():
            question_form.formsets["options"].instance = question_form.instance

    def clean(self):
        cleaned = super().clean()
        tz = zone(cleaned.get("time_zone") or DEFAULT_TIME_ZONE)
        current = timezone.get_current_timezone()
        for name in LOCAL_TIME_FIELDS:
            value = cleaned.get(name)
            if value is not None and timezone.is_aware(value):
                # The form read the wall-clock time in the editor's zone: read it in the event's.
                cleaned[name] = timezone.make_aware(timezone.make_naive(value, current), tz)
        return cleaned


class QuestionOptionFormSet(BaseChildFormSet):
    """A question's options, checked against the kind the editor chose for the question.

    The question's form is cleaned before its options (modelcluster's ClusterForm), so
    `self.instance` (the question, see EventPageForm) already has the kind just chosen.
    """

    def clean(self):
        super().clean()
        question = self.instance
        if any(self.errors) or not question.is_choice:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not (self.can_delete and self._should_delete_form(form))
        ]
        seen = set()
        for form in kept:
            name = form.cleaned_data["name"]
            if name in seen:
                form.add_error("name", _("Each option must be different."))
            seen.add(name)
            if form.cleaned_data.get("places") is not None and not question.is_workshop:
                form.add_error("places", _("Only workshop choices have places: leave this empty."))
        if question.is_workshop and not kept:
            raise ValidationError(_("Give at least one workshop."), code="too_few")
        if not question.is_workshop and len(kept) < 2:
            raise ValidationError(_("Give at least two options."), code="too_few")


class OptionsPanel(InlinePanel):
    """InlinePanel for a question's options, with the checks of QuestionOptionFormSet."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = QuestionOptionFormSet
        return options

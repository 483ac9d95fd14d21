"""Forms of the organiser screens that live with them (the others are in events/forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events import organising


class OrganiserMessageForm(forms.Form):
    """Compose a message: the audience (with how many people each reaches), subject, body.
    The same form, hidden, carries the message through the preview to the send; `token`
    (made for the preview) makes a second submit of the confirm form send nothing."""

    audience = forms.ChoiceField(label=_("Send to"), widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text. Each mail starts with “Dear” and the person's name, and ends with the "
            "event's details and the person's own link to their registration."
        ),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.audiences = organising.audiences(event)
        self.counts = organising.audience_counts(event, [found.key for found in self.audiences])
        self.fields["audience"].choices = [
            (found.key, f"{found.label} ({self.counts[found.key]})") for found in self.audiences
        ]
        self.fields["audience"].initial = self.audiences[0].key

    def audience_label(self) -> str:
        key = self.cleaned_data["audience"]
        return str(next(found.label for found in self.audiences if found.key == key))

    def recipient_count(self) -> int:
        return self.counts[self.cleaned_data["audience"]]

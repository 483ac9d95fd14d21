"""Forms for working groups: the request to join, and a coordinator's reason for saying no."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models.groups import MOTIVATION_MAX_LENGTH, REASON_MAX_LENGTH


class JoinRequestForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to join?"),
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "A few sentences, up to %(max)d characters. The coordinators see this with "
            "your name and organisation."
        )
        % {"max": MOTIVATION_MAX_LENGTH},
        error_messages={
            "required": _("Tell the coordinators in a sentence or two why you want to join."),
            "max_length": _(
                "Keep your motivation to %(limit_value)d characters or fewer "
                "(it has %(show_value)d)."
            ),
        },
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the member)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give the member a reason: it is sent to them."),
            "max_length": _(
                "Keep the reason to %(limit_value)d characters or fewer (it has %(show_value)d)."
            ),
        },
    )

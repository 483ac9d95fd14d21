"""Choosing topics: a member's interests (profile) and a subscriber's newsletter topics.

One field for both, so the list, its order and the refusal of unknown topics are the same
everywhere. None ticked means "everything" for the newsletter, "nothing said" for a profile.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Topic
from community.newsletter import CONSENT_TEXT

UNKNOWN_TOPIC = _("Choose topics from the list: one of them does not exist (any more).")


def topics_field(label, help_text="") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        help_text=help_text,
        queryset=Topic.objects.order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # Django's own messages repeat the submitted value; a reader needs to know what to do.
        error_messages={
            "invalid_choice": UNKNOWN_TOPIC,
            "invalid_pk_value": UNKNOWN_TOPIC,
            "invalid_list": UNKNOWN_TOPIC,
        },
    )


def interests_field() -> forms.ModelMultipleChoiceField:
    return topics_field(
        _("Topics of interest"),
        _("The community's themes you work on or want to follow."),
    )


class NewsletterTopicsForm(forms.Form):
    """The topics of a newsletter subscription (confirmation page and My account)."""

    topics = topics_field(
        _("What would you like to hear about?"),
        _("Leave all unticked to receive everything."),
    )


class MemberSubscribeForm(NewsletterTopicsForm):
    """Subscribing from My account: the same consent as the public form, recorded word for word.

    The member's address is already verified by their account, so this subscribes at once
    (community/account_newsletter.py explains why).
    """

    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        required=True,
        error_messages={
            "required": _("Tick the box to agree, otherwise we cannot send you the newsletter."),
        },
    )

    field_order = ["consent", "topics"]

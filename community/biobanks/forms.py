"""Forms of /biobanks/: the search's parameters, and "Contact this biobank"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms.contact import MESSAGE_MAX_LENGTH, HoneypotField, _one_line

SORTS = [("relevance", _("Best match")), ("name", _("Name"))]
# URL parameter -> (label, facet key used by community.biobanks.views.FACETS)
MULTI_PARAMS = ("country", "type", "material", "category", "chapter", "disease", "quality")


class BiobankSearchForm(forms.Form):
    """The search parameters, cleaned: unknown values are dropped, never an error page."""

    q = forms.CharField(label=_("Search biobanks and collections"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    commercial = forms.BooleanField(label=_("Available for commercial use"), required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.multi = {
            name: [value.strip() for value in data.getlist(name) if value.strip()][:50]
            for name in MULTI_PARAMS
        }

    def params(self) -> dict:
        cleaned = self.cleaned_data if self.is_valid() else {}
        query = " ".join((cleaned.get("q") or "").split())
        return {
            "q": query,
            "sort": cleaned.get("sort") or ("relevance" if query else "name"),
            "commercial": bool(cleaned.get("commercial")),
            **self.multi,
        }


class BiobankContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        validators=[_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The biobank answers you here; you get a copy of your message."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your e-mail address, so that the biobank can answer you."),
            "invalid": _("Enter a valid e-mail address, like name@example.org."),
        },
    )
    organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=200,
        required=False,
        validators=[_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you are looking for: samples, data, a collaboration…"),
        error_messages={
            "required": _("Write your message."),
            "max_length": _(
                "Keep your message to %(limit_value)d characters or fewer (it has %(show_value)d)."
            ),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, e-mail address and message are sent to the biobank and "
            "kept by the hub so that staff can follow up."
        ),
        error_messages={"required": _("Tick the box to agree, or we cannot send your message.")},
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = HoneypotField(
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

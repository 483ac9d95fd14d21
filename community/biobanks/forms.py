"""Forms of /biobanks/: the search's parameters, and "Contact this biobank"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.biobanks.facets import FIXED
from community.forms.contact import ContactForm

SORTS = [("relevance", _("Best match")), ("name", _("Name"))]
# Parameters of several values each (the facets of community.biobanks.facets.PARAMS)
MULTI_PARAMS = (
    *("country", "type", "material", "category", "chapter", "disease", "quality"),
    *("sex", "age", "samples", "donors", "access"),
)


class BiobankSearchForm(forms.Form):
    """The search parameters, cleaned: unknown values are dropped, never an error page."""

    q = forms.CharField(label=_("Search biobanks and collections"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    commercial = forms.BooleanField(label=_("Available for commercial use"), required=False)
    notified = forms.BooleanField(label=_("Notified biobank"), required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.multi = {}
        for name in MULTI_PARAMS:
            values = [value.strip() for value in data.getlist(name) if value.strip()]
            if name in FIXED:  # ranges and access: only the values offered
                values = [value for value in values if value in FIXED[name]]
            self.multi[name] = list(dict.fromkeys(values))[:50]

    def params(self) -> dict:
        cleaned = self.cleaned_data if self.is_valid() else {}
        query = " ".join((cleaned.get("q") or "").split())
        return {
            "q": query,
            "sort": cleaned.get("sort") or ("relevance" if query else "name"),
            "commercial": bool(cleaned.get("commercial")),
            "notified": bool(cleaned.get("notified")),
            **self.multi,
        }


class BiobankContactForm(ContactForm):
    email_help_text = _(
        "The biobank answers you here. Signed-in members get a copy at a verified address."
    )
    email_required_message = _("Enter your e-mail address, so that the biobank can answer you.")
    message_help_text = _("What you are looking for: samples, data, a collaboration…")

    consent = forms.BooleanField(
        label=_(
            "I agree that my name, e-mail address and message are sent to the biobank and "
            "kept by the hub so that staff can follow up."
        ),
        error_messages={"required": _("Tick the box to agree, or we cannot send your message.")},
    )

    field_order = ["name", "email", "organisation", "message", "consent", "website"]

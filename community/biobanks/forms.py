"""Forms of /biobanks/: the search's parameters, and "Contact this biobank"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms.contact import ContactForm

SORTS = [("relevance", _("Best match")), ("name", _("Name"))]
# URL parameter -> (label, facet key used by community.biobanks.search.FACETS)
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

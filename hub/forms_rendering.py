"""One form language for every public form: Django's form renderer (settings.FORM_RENDERER).

`{{ form }}` renders templates/forms/form.html (the error summary at the top, then each field)
and `{{ field.as_field_group }}` renders templates/forms/field.html: the label with
"(optional)" on optional fields, the hint and the error linked to the input
(aria-describedby, aria-invalid), a checkbox beside its label, choice lists as a fieldset with a
legend. templates/community/account/includes/form_fields.html and
templates/community/contact/form_fields.html render through the same templates.

Widget templates stay Django's own (django/forms/templates), so the admin keeps its widgets.
Helpers for the forms themselves: `DateInput` (a browser date picker with an ISO value) and
`replace_dashes` (no "---------" in any select).
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

DASHES = "---------"


class HubFormRenderer(DjangoTemplates):
    """Django's widget templates and the site's own templates/ (for forms/*.html and any
    override under templates/django/forms/), which the stock renderer does not search."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    @cached_property
    def engine(self):
        return DjangoTemplatesBackend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(settings.BASE_DIR) / "templates",
                    Path(django.forms.__file__).parent / "templates",
                ],
                "NAME": "hubforms",
                "OPTIONS": {},
            }
        )


class DateInput(forms.DateInput):
    """<input type="date">: the browser shows the date in the reader's language and sends it
    as YYYY-MM-DD, whatever the site's display format."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's argument name)
        super().__init__(attrs=attrs, format=format)


def replace_dashes(form: forms.BaseForm, labels: dict | None = None) -> None:
    """Give each select's empty choice a sentence instead of Django's "---------":
    `labels[name]` if given, else "Choose one"."""
    labels = labels or {}
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = labels.get(name, _("Choose one"))
            continue
        choices = getattr(field, "choices", None)
        if choices is None:
            continue
        choices = list(choices)
        if any(value == "" and label == DASHES for value, label in choices):
            field.choices = [
                (value, labels.get(name, _("Choose one")) if value == "" else label)
                for value, label in choices
            ]


# Answers that decline to answer, in the site's languages: shown after the real answers.
OPT_OUTS = frozenset(
    {
        "prefer not to say",
        "i prefer not to say",
        "rather not say",
        "i'd rather not say",
        "zeg ik liever niet",
        "liever niet zeggen",
        "je préfère ne pas répondre",
        "préfère ne pas répondre",
        "ne souhaite pas répondre",
    }
)


def opt_outs_last(options: list[str]) -> list[str]:
    """The options in their order, with "Prefer not to say" and its kin moved to the end."""
    normal = [option for option in options if option.strip().lower() not in OPT_OUTS]
    return normal + [option for option in options if option.strip().lower() in OPT_OUTS]

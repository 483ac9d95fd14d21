"""A small model field for "several of a few fixed choices" (what a listing offers, who may
apply to a call), stored as ",a,b," in one text column.

Both SQLite and PostgreSQL can filter on it with one LIKE (`has_choice`), so a listing's facet
stays a plain WHERE clause and needs no join table.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def has_choice(field: str, value: str) -> Q:
    """Rows whose choice list `field` holds `value`."""
    return Q(**{f"{field}__contains": f",{value},"})


class ChoiceListField(models.CharField):
    """A list of values from `options` (a TextChoices class), kept in the order of `options`."""

    def __init__(self, *args, options=None, **kwargs):
        self.options = options
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def _option_values(self) -> list[str]:
        return [value for value, _label in (self.options.choices if self.options else [])]

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple | set):
            values = [str(item) for item in value]
        else:
            values = [item for item in str(value).split(",") if item]
        order = self._option_values()
        if order:
            values = sorted(
                set(values), key=lambda item: order.index(item) if item in order else len(order)
            )
        return values

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        values = self.to_python(value)
        return "," + ",".join(values) + "," if values else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        if not self.editable:
            return
        values = self.to_python(value)
        if not values and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        allowed = set(self._option_values())
        unknown = [item for item in values if allowed and item not in allowed]
        if unknown:
            raise ValidationError(
                _("“%(value)s” is not one of the choices."),
                params={"value": unknown[0]},
                code="invalid_choice",
            )

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.options.choices if self.options else [],
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for unused in ("max_length", "empty_value", "coerce", "choices_form_class"):
            defaults.pop(unused, None)
        return form_class(**defaults)

    def display(self, obj) -> list[str]:
        labels = dict(self.options.choices) if self.options else {}
        return [str(labels.get(value, value)) for value in self.value_from_object(obj)]


class HttpURLFormField(forms.URLField):
    default_validators = []
    default_error_messages = {
        "invalid": _("Enter a web address that starts with http:// or https://."),
    }

    def __init__(self, **kwargs):
        from funding.validators import http_url_validator

        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
        self.validators = [http_url_validator, *self.validators]


class HttpURLField(models.URLField):
    """A web address that must be http(s): no javascript:, data: or ftp: links on the site."""

    default_validators = []

    def __init__(self, *args, **kwargs):
        from funding.validators import http_url_validator

        super().__init__(*args, **kwargs)
        self.validators.append(http_url_validator)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": HttpURLFormField, **kwargs})

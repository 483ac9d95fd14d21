"""Model values as the index holds them: filter values as typed numbers or terms, text as one
string, relations as the objects they point to.

A filter field's *kind* (``int``, ``float``, ``date``, ``time``, ``bool``, ``str``) follows
from its Django field type; numbers, dates and times are indexed as 64-bit numbers (dates as
microseconds since 1970 in UTC), everything else as exact terms.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str

INT, FLOAT, DATE, TIME, BOOL, STR = "int", "float", "date", "time", "bool", "str"
NUMERIC_KINDS = frozenset({INT, FLOAT, DATE, TIME, BOOL})

TYPE_KINDS = {
    "AutoField": INT,
    "BigAutoField": INT,
    "SmallAutoField": INT,
    "IntegerField": INT,
    "BigIntegerField": INT,
    "SmallIntegerField": INT,
    "PositiveIntegerField": INT,
    "PositiveSmallIntegerField": INT,
    "PositiveBigIntegerField": INT,
    "DurationField": INT,
    "FloatField": FLOAT,
    "DecimalField": FLOAT,
    "DateField": DATE,
    "DateTimeField": DATE,
    "TimeField": TIME,
    "BooleanField": BOOL,
    "NullBooleanField": BOOL,
}

EPOCH = datetime.datetime(1970, 1, 1)


def _datetime_micros(value: datetime.datetime) -> int:
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    delta = value - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def encode(kind: str, value):
    """One value as the filter field of this kind indexes it (int/float/str); ValueError if not."""
    if isinstance(value, models.Model):
        value = value.pk
    if value is None:
        raise ValueError("None has no index value")
    if kind == STR:
        return str(value)
    if kind == FLOAT:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return float(value)
        return float(str(value))
    if kind == BOOL:
        return int(bool(value))
    if kind == DATE:
        if isinstance(value, datetime.datetime):
            return _datetime_micros(value)
        if isinstance(value, datetime.date):
            return _datetime_micros(datetime.datetime(value.year, value.month, value.day))
        if isinstance(value, str):
            return _datetime_micros(datetime.datetime.fromisoformat(value))
        raise ValueError(f"{value!r} is not a date")
    if kind == TIME:
        if isinstance(value, str):
            value = datetime.time.fromisoformat(value)
        if isinstance(value, datetime.time):
            return (
                value.hour * 3600 + value.minute * 60 + value.second
            ) * 1_000_000 + value.microsecond
        raise ValueError(f"{value!r} is not a time")
    # INT
    if isinstance(value, datetime.timedelta):
        return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(str(value))


def plain_values(value) -> list:
    """A filter field's value(s) as a flat list of plain values (model instances → pks)."""
    if value is None:
        return []
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.all().values_list("pk", flat=True))
    if isinstance(value, (list, tuple, set, frozenset)):
        out = []
        for item in value:
            out.extend(plain_values(item))
        return out
    if isinstance(value, models.Model):
        return [value.pk]
    return [value]


def text_value(value) -> str:
    """A SearchField's value as one string (lists and dicts joined), like modelsearch does."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(text_value(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(text_value(item) for item in value.values())
    return force_str(value)


def related_objects(value) -> list:
    """The objects a RelatedFields entry points to (a manager, one object, or nothing)."""
    if value is None:
        return []
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.all())
    if callable(value) and not isinstance(value, models.Model):
        value = value()
        if value is None:
            return []
        if isinstance(value, (models.Manager, models.QuerySet)):
            return list(value.all())
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]

"""The whoosh field types of the index: exact terms, typed numbers, full text, word pairs,
autocomplete words and stored columns.

Instances of these classes are pickled into every index's table of contents, so an index on
disk names them by module path: ``hub.search.schema`` keeps re-exporting ``ExactField`` and
``BigramField`` for indexes built before they moved here.
"""

from whoosh import columns, fields, formats

from hub.search import analysis
from hub.search.values import BOOL, FLOAT, NUMERIC_KINDS


class PresenceField(fields.FieldType):
    """Indexed terms without frequencies, positions, scores or stored values (presence only)."""

    indexed = True
    stored = False
    scorable = False
    unique = False
    vector = None
    column_type = None

    def __init__(self, analyzer=None):
        self.format = formats.Existence()
        self.analyzer = analyzer

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))


class ExactField(PresenceField):
    """Untokenized exact values (one term per value; a list gives several terms)."""

    def __init__(self):
        super().__init__()

    def index(self, value, **kwargs):
        values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        for text in dict.fromkeys(str(v) for v in values if v is not None):
            yield text.encode("utf-8"), 1, 1.0, b""

    def to_bytes(self, value):
        if isinstance(value, bytes):
            return value
        return str(value).encode("utf-8")

    def from_bytes(self, bs):
        return bs.decode("utf-8")

    def process_text(self, qstring, mode="", **kwargs):
        yield qstring

    def self_parsing(self):
        return False


class BigramField(PresenceField):
    """Pairs of consecutive terms of a full-text field (presence only: phrase look-ups)."""

    def __init__(self, language=analysis.DEFAULT_LANGUAGE):
        super().__init__(analysis.bigram_analyzer(language))


def numeric_field(kind):
    # shift_step: extra coarse terms per value that make range queries cheap; none for booleans.
    if kind == FLOAT:
        return fields.NUMERIC(numtype=float, bits=64, shift_step=16)
    return fields.NUMERIC(numtype=int, bits=64, signed=True, shift_step=0 if kind == BOOL else 16)


def filter_field_type(kind):
    return numeric_field(kind) if kind in NUMERIC_KINDS else ExactField()


def column_field():
    return fields.COLUMN(columns.PickleColumn(columns.VarBytesColumn()))


def text_field(language=analysis.DEFAULT_LANGUAGE):
    # No positions: phrases are looked up in the "p." pairs fields, which is much cheaper, and
    # posting blocks without positions decode several times faster.
    return fields.TEXT(analyzer=analysis.text_analyzer(language), phrase=False)


def autocomplete_field():
    return fields.TEXT(analyzer=analysis.autocomplete_analyzer(), phrase=False)

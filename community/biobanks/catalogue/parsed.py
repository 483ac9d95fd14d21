"""The format-independent result of parsing an export, and the cell converters parsers share.

Each parser (``emx2``, ``bbmri_nl``) turns its tables into one ``Parsed``: vocabulary terms,
biobank and collection ``Record``s (values keyed by model field, codes for vocabulary fields)
and quality marks. Every value remembers the file, row and column it came from, so validation
can say where a problem is.
"""

import sys
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from community.biobanks.catalogue.errors import Problem

# Model fields the sync owns, by kind. Vocabulary fields map to a key of VOCABULARIES.
BIOBANK_SCALARS = [
    "pid",
    "name",
    "acronym",
    "description",
    "url",
    "location",
    "latitude",
    "longitude",
    "juridical_person",
    "networks",
    "collaboration_commercial",
    "collaboration_non_for_profit",
    "withdrawn",
]
BIOBANK_FKS = {"country": "country"}
COLLECTION_SCALARS = [
    "name",
    "acronym",
    "description",
    "url",
    "size",
    "number_of_donors",
    "age_low",
    "age_high",
    "collaboration_commercial",
    "collaboration_non_for_profit",
    "commercial_use",
    "access_description",
    "access_uri",
    "data_access_uri",
    "image_access_uri",
    "withdrawn",
]
COLLECTION_FKS = {
    "country": "country",
    "order_of_magnitude": "sample_size",
    "order_of_magnitude_donors": "sample_size",
    "age_unit": "age_unit",
}
COLLECTION_M2MS = {
    "types": "collection_type",
    "data_categories": "data_category",
    "materials": "material",
    "diagnoses": "disease",
    "sex": "sex",
    "storage_temperatures": "storage_temperature",
    "access_fee": "access_type",
    "access_joint_project": "access_type",
}
TRUE_VALUES = {"true", "yes", "1", "t", "y"}
FALSE_VALUES = {"false", "no", "0", "f", "n", ""}


@dataclass
class Term:
    code: str
    label: str
    definition: str = ""
    uri: str = ""
    sort_order: int = 0


@dataclass
class Record:
    catalogue_id: str
    file: str
    row: int
    values: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)  # model field -> source column
    biobank: str = ""  # collections: the biobank's catalogue ID
    parent: str = ""  # collections: the parent collection's catalogue ID

    def problem(self, field_name, message) -> Problem:
        return Problem(self.file, self.row, self.columns.get(field_name, field_name), message)


@dataclass
class Mark:
    owner: str  # catalogue ID of the biobank or collection
    standard: str
    level: str
    file: str
    row: int
    columns: dict


@dataclass
class Parsed:
    format: str
    vocabularies: dict[str, list[Term]] = field(default_factory=dict)
    biobanks: list[Record] = field(default_factory=list)
    collections: list[Record] = field(default_factory=list)
    biobank_marks: list[Mark] = field(default_factory=list)
    collection_marks: list[Mark] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    demo: bool = False


class Cells:
    """Converts the cells of one row, collecting problems instead of stopping at the first."""

    def __init__(self, table_name: str, row: int, values: dict, problems: list):
        self.table_name, self.row, self.values, self.problems = table_name, row, values, problems

    def text(self, column) -> str:
        return (self.values.get(column) or "").strip()

    def list(self, column) -> list[str]:
        """A multi-value cell: comma-separated, each value trimmed, empty ones dropped.
        The values (vocabulary codes, repeated on thousands of rows) are interned."""
        seen = dict.fromkeys(sys.intern(part.strip()) for part in self.text(column).split(","))
        return [value for value in seen if value]

    def _bad(self, column, message):
        self.problems.append(Problem(self.table_name, self.row, column, message))

    def integer(self, column, minimum=None):
        raw = self.text(column)
        if not raw:
            return None
        try:
            value = int(raw)
        except ValueError:
            try:
                as_float = float(raw)
            except ValueError:
                as_float = 0.5
            if not as_float.is_integer():
                self._bad(column, _("“%(value)s” is not a whole number") % {"value": raw})
                return None
            value = int(as_float)
        if minimum is not None and value < minimum:
            self._bad(
                column, _("%(value)s is below %(minimum)s") % {"value": raw, "minimum": minimum}
            )
            return None
        return value

    def number(self, column):
        raw = self.text(column).replace(",", ".")
        if not raw:
            return None
        try:
            return float(raw)
        except ValueError:
            self._bad(column, _("“%(value)s” is not a number") % {"value": raw})
            return None

    def boolean(self, column) -> bool:
        raw = self.text(column).lower()
        if raw in TRUE_VALUES:
            return True
        if raw not in FALSE_VALUES:
            self._bad(column, _("“%(value)s” is not true or false") % {"value": raw})
        return False

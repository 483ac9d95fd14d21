"""Validation of a parsed export, before anything is compared or written.

Every vocabulary code must be known (to the hub or to the export's own term lists), every
reference resolve (collection → biobank, collection → parent, quality mark → owner), every ID be
present and unique, and every record pass its model's ``full_clean``. All problems are gathered
and raised at once, each naming file, row and column.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from community.biobanks.catalogue.errors import CatalogueError, Problem
from community.biobanks.catalogue.parsed import (
    BIOBANK_FKS,
    BIOBANK_SCALARS,
    COLLECTION_FKS,
    COLLECTION_M2MS,
    COLLECTION_SCALARS,
    Parsed,
)
from community.biobanks.models import Biobank, Collection
from community.biobanks.terms import VOCABULARIES


def validate(parsed: Parsed, progress) -> tuple[dict, dict]:
    """The export's biobank and collection records by ID; raises CatalogueError listing every
    problem (unknown codes and references, duplicate or empty IDs, ``full_clean`` errors)."""
    problems: list[Problem] = list(parsed.problems)
    known = {}
    for key, (model, _file) in VOCABULARIES.items():
        codes = set(model.objects.values_list("code", flat=True))
        codes.update(term.code for term in parsed.vocabularies.get(key, []))
        known[key] = codes

    def check_code(record, field_name, key, code):
        if code is not None and code not in known[key]:
            problems.append(
                record.problem(
                    field_name,
                    _("unknown %(vocabulary)s code “%(code)s”")
                    % {"vocabulary": VOCABULARIES[key][0]._meta.verbose_name, "code": code},
                )
            )

    biobank_ids = {}
    for record in progress(parsed.biobanks, desc=_("Checking biobanks")):
        if not record.catalogue_id:
            problems.append(record.problem("catalogue_id", _("the ID is empty")))
        elif record.catalogue_id in biobank_ids:
            problems.append(
                record.problem(
                    "catalogue_id",
                    _("duplicate ID “%(id)s” (also on row %(row)d)")
                    % {"id": record.catalogue_id, "row": biobank_ids[record.catalogue_id].row},
                )
            )
        else:
            biobank_ids[record.catalogue_id] = record
        for field_name, key in BIOBANK_FKS.items():
            check_code(record, field_name, key, record.values[field_name])
        instance = Biobank(
            catalogue_id=record.catalogue_id,
            slug="x",
            **{name: record.values[name] for name in BIOBANK_SCALARS},
        )
        _clean(instance, record, problems)

    collection_ids = {}
    for record in progress(parsed.collections, desc=_("Checking collections")):
        if not record.catalogue_id:
            problems.append(record.problem("catalogue_id", _("the ID is empty")))
        elif record.catalogue_id in collection_ids:
            problems.append(
                record.problem(
                    "catalogue_id",
                    _("duplicate ID “%(id)s” (also on row %(row)d)")
                    % {
                        "id": record.catalogue_id,
                        "row": collection_ids[record.catalogue_id].row,
                    },
                )
            )
        else:
            collection_ids[record.catalogue_id] = record
        if record.biobank not in biobank_ids:
            problems.append(
                record.problem("biobank", _("unknown biobank “%(id)s”") % {"id": record.biobank})
            )
        for field_name, key in COLLECTION_FKS.items():
            check_code(record, field_name, key, record.values[field_name])
        for field_name, key in COLLECTION_M2MS.items():
            for code in record.values[field_name]:
                check_code(record, field_name, key, code)
        instance = Collection(
            catalogue_id=record.catalogue_id,
            **{name: record.values[name] for name in COLLECTION_SCALARS},
        )
        _clean(instance, record, problems)
    for record in parsed.collections:
        if record.parent and record.parent not in collection_ids:
            problems.append(
                record.problem(
                    "parent", _("unknown parent collection “%(id)s”") % {"id": record.parent}
                )
            )

    for marks, owners in (
        (parsed.biobank_marks, biobank_ids),
        (parsed.collection_marks, collection_ids),
    ):
        for mark in marks:

            def bad(column, message, mark=mark):
                problems.append(Problem(mark.file, mark.row, mark.columns[column], message))

            if mark.owner not in owners:
                bad("owner", _("unknown biobank or collection “%(id)s”") % {"id": mark.owner})
            if mark.standard not in known["quality_standard"]:
                bad(
                    "standard",
                    _("unknown quality standard code “%(code)s”") % {"code": mark.standard},
                )
            if mark.level and mark.level not in known["assessment_level"]:
                bad(
                    "level",
                    _("unknown assessment level code “%(code)s”") % {"code": mark.level},
                )
    if problems:
        raise CatalogueError(problems)
    return biobank_ids, collection_ids


def _clean(instance, record, problems):
    exclude = [
        f.name
        for f in instance._meta.get_fields()
        if f.is_relation or f.name in ("slug", "source_key")
    ]
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            for message in messages:
                problems.append(record.problem(field_name, message))

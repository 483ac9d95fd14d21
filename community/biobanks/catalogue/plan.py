"""What a sync will write: the export's state, the hub's, and the difference between them.

A ``Plan`` is made inside the sync's transaction and holds the only reference to the parsed
export. ``Plan.validate`` checks it (module ``validate``); ``Plan.diff`` reads what the hub holds
and fills the report's added / changed / withdrawn lists, keeping per ID the names of the changed
fields and the vocabulary terms to create or relabel. ``apply.apply`` writes the plan, then
``Plan.release`` drops it all.

A *state* is a dict of one record's catalogue-owned values (codes for vocabulary fields, sorted
tuples for many-to-many fields and quality marks), the same shape for the export and the hub, so
that comparing them field by field gives the changed fields.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from community.biobanks.catalogue.derive import DERIVED_VERSION
from community.biobanks.catalogue.parsed import (
    BIOBANK_FKS,
    BIOBANK_SCALARS,
    COLLECTION_FKS,
    COLLECTION_M2MS,
    COLLECTION_SCALARS,
    Parsed,
)
from community.biobanks.catalogue.validate import validate
from community.biobanks.models import Biobank, Collection, QualityMark
from community.biobanks.terms import VOCABULARIES

if TYPE_CHECKING:
    from community.biobanks.catalogue.sync import SyncReport

CHUNK = 2000  # rows read per query


class Plan:
    """One sync's working state: the parsed export, what the hub holds, and the difference."""

    def __init__(self, parsed: Parsed, report: SyncReport, progress):
        self.parsed, self.report, self.progress = parsed, report, progress

    def validate(self):
        """Check the export; raises CatalogueError (see ``validate``)."""
        self.biobank_records, self.collection_records = validate(self.parsed, self.progress)

    def _new_states(self):
        """The export's states: {catalogue ID: state} of its biobanks and of its collections."""
        marks = defaultdict(list)
        for mark in self.parsed.biobank_marks + self.parsed.collection_marks:
            marks[mark.owner].append((mark.standard, mark.level or None))
        biobanks = {}
        # The records' own dicts become the states (no copies: a full catalogue is large).
        for cid, record in self.biobank_records.items():
            state = record.values
            state["quality"] = tuple(sorted(marks.get(cid, []), key=str))
            biobanks[cid] = state
        collections = {}
        for cid, record in self.collection_records.items():
            state = record.values
            for name in COLLECTION_M2MS:
                state[name] = tuple(sorted(state[name]))
            state["biobank"] = record.biobank
            state["parent"] = record.parent or None
            state["quality"] = tuple(sorted(marks.get(cid, []), key=str))
            collections[cid] = state
        return biobanks, collections

    def _old_states(self):
        """The hub's states, as ``_new_states``; keeps the rows they come from (pk, slug,
        source…) in ``biobank_rows`` and ``collection_rows``."""
        biobanks, self.biobank_rows = {}, {}
        quality = defaultdict(list)
        for owner, standard, level in QualityMark.objects.filter(biobank__isnull=False).values_list(
            "biobank_id", "standard__code", "level__code"
        ):
            quality[owner].append((standard, level))
        fields = [
            "pk",
            "catalogue_id",
            "slug",
            "source_key",
            "is_demo",
            "derived_version",
            *BIOBANK_SCALARS,
            *(f"{name}__code" for name in BIOBANK_FKS),
        ]
        for row in Biobank.objects.values(*fields).iterator(chunk_size=CHUNK):
            state = {name: row[name] for name in BIOBANK_SCALARS}
            for name in BIOBANK_FKS:
                state[name] = row[f"{name}__code"]
            state["quality"] = tuple(sorted(quality.get(row["pk"], []), key=str))
            biobanks[row["catalogue_id"]] = state
            self.biobank_rows[row["catalogue_id"]] = row

        collections, self.collection_rows = {}, {}
        quality = defaultdict(list)
        for owner, standard, level in QualityMark.objects.filter(
            collection__isnull=False
        ).values_list("collection_id", "standard__code", "level__code"):
            quality[owner].append((standard, level))
        m2m = {}
        for name in COLLECTION_M2MS:
            through = getattr(Collection, name).through
            target = getattr(Collection, name).field.remote_field.model._meta.model_name
            values = defaultdict(list)
            for owner, code in through.objects.values_list("collection_id", f"{target}__code"):
                values[owner].append(code)
            m2m[name] = values
        fields = [
            "pk",
            "catalogue_id",
            "biobank__catalogue_id",
            "biobank__source_key",
            "parent__catalogue_id",
            *COLLECTION_SCALARS,
            *(f"{name}__code" for name in COLLECTION_FKS),
        ]
        for row in Collection.objects.values(*fields).iterator(chunk_size=CHUNK):
            state = {name: row[name] for name in COLLECTION_SCALARS}
            for name in COLLECTION_FKS:
                state[name] = row[f"{name}__code"]
            for name in COLLECTION_M2MS:
                state[name] = tuple(sorted(m2m[name].get(row["pk"], [])))
            state["biobank"] = row["biobank__catalogue_id"]
            state["parent"] = row["parent__catalogue_id"]
            state["quality"] = tuple(sorted(quality.get(row["pk"], []), key=str))
            collections[row["catalogue_id"]] = state
            self.collection_rows[row["catalogue_id"]] = row
        return biobanks, collections

    def stale_derived(self) -> bool:
        """Does a biobank of the export carry search text derived by an older hub?"""
        return any(
            row["derived_version"] != DERIVED_VERSION
            for cid, row in self.biobank_rows.items()
            if cid in self.new_biobanks
        )

    def published_count(self) -> int:
        """Biobanks of this source listed on the hub before the sync."""
        key = self.report.source_key
        return sum(
            1
            for row in self.biobank_rows.values()
            if row["source_key"] == key and not row["withdrawn"]
        )

    def diff(self):
        """Fill the report's lists, ``biobank_changes`` and ``collection_changes`` ({ID: [changed
        fields]}) and ``term_plan`` ({vocabulary: (terms to create, terms to update)})."""
        self.new_biobanks, self.new_collections = self._new_states()
        old_biobanks, old_collections = self._old_states()
        key = self.report.source_key
        demo = self.parsed.demo
        b, c = self.report.biobanks, self.report.collections
        self.biobank_changes = {}
        for cid, state in self.new_biobanks.items():
            old = old_biobanks.get(cid)
            if old is None:
                b.added.append((cid, state["name"]))
                continue
            changed = [name for name, value in state.items() if old.get(name) != value]
            row = self.biobank_rows[cid]
            if row["source_key"] != key or row["is_demo"] != demo:
                changed.append("source")
            if changed:
                b.changed.append((cid, state["name"], changed))
                self.biobank_changes[cid] = changed
            else:
                b.unchanged += 1
        for cid, row in self.biobank_rows.items():
            if row["source_key"] == key and cid not in self.new_biobanks and not row["withdrawn"]:
                b.withdrawn.append((cid, row["name"]))

        self.collection_changes = {}
        for cid, state in self.new_collections.items():
            old = old_collections.get(cid)
            if old is None:
                c.added.append((cid, state["name"]))
                continue
            changed = [name for name, value in state.items() if old.get(name) != value]
            if changed:
                c.changed.append((cid, state["name"], changed))
                self.collection_changes[cid] = changed
            else:
                c.unchanged += 1
        for cid, row in self.collection_rows.items():
            in_scope = (
                row["biobank__source_key"] == key
                or row["biobank__catalogue_id"] in self.new_biobanks
            )
            if in_scope and cid not in self.new_collections and not row["withdrawn"]:
                c.withdrawn.append((cid, row["name"]))

        # The Directory's own term lists are authoritative for labels; the demo catalogue and
        # the old BBMRI-NL lists only add the terms the hub lacks (else syncs would take turns
        # relabelling the same terms).
        self.updates_terms = not (self.parsed.demo or self.parsed.format == "bbmri-nl")
        self.term_plan = {}
        for vocabulary, terms in self.parsed.vocabularies.items():
            model = VOCABULARIES[vocabulary][0]
            existing = {
                row["code"]: row
                for row in model.objects.values(
                    "pk", "code", "label", "definition", "uri", "sort_order"
                )
            }
            create, update = [], []
            for term in {term.code: term for term in terms}.values():
                row = existing.get(term.code)
                wanted = {
                    "label": term.label[:500],
                    "definition": term.definition,
                    "uri": term.uri[:500],
                    "sort_order": term.sort_order,
                }
                if row is None:
                    create.append(model(code=term.code, **wanted))
                elif self.updates_terms and any(
                    row[name] != value for name, value in wanted.items()
                ):
                    update.append(model(pk=row["pk"], code=term.code, **wanted))
            self.term_plan[vocabulary] = (create, update)
            self.report.terms_added += len(create)
            self.report.terms_changed += len(update)

    def release(self):
        """Drop the parsed export and both states, so the search index update (the peak of a
        full sync) does not add to them."""
        for name in (
            "parsed",
            "biobank_records",
            "collection_records",
            "new_biobanks",
            "new_collections",
            "biobank_rows",
            "collection_rows",
            "term_plan",
        ):
            self.__dict__.pop(name, None)

"""Sync the hub's biobanks with a catalogue export: parse → validate → diff → apply.

``sync(location)`` reads a folder, zip or EMX2 server, validates every row (vocabulary codes,
references, duplicate IDs and each model's ``full_clean``), compares it with what the hub holds
and writes the difference in one transaction: added, changed (with the names of the changed
fields), withdrawn (gone from the source: marked, never deleted) and unchanged. Only
catalogue-owned fields are written; hub-owned ones (introduction, photo, contact address…) are
never touched. A second run over the same export writes nothing.

Withdrawal is scoped by *source key* (``bbmri-nl``, ``demo-be``…): syncing one export never
withdraws the biobanks that came from another. An export without biobanks, or one that would
withdraw more than ``max_withdraw`` percent of the source's published biobanks, is refused
(``community.biobanks.catalogue.guards``).

The search index update and the cache drop run once the transaction has committed, so that they
never show rows that are rolled back nor run before readers can see the new ones.

Any problem raises ``CatalogueError`` naming file, row and column, and nothing is written (a
failed run is still recorded in the sync history, unless it was a dry run).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.biobanks.catalogue import bbmri_nl, emx2
from community.biobanks.catalogue.errors import CatalogueError, Problem
from community.biobanks.catalogue.guards import (
    DEFAULT_MAX_WITHDRAW,
    check_not_empty,
    check_withdrawals,
)
from community.biobanks.catalogue.parsed import (
    BIOBANK_FKS,
    BIOBANK_SCALARS,
    COLLECTION_FKS,
    COLLECTION_M2MS,
    COLLECTION_SCALARS,
    Parsed,
)
from community.biobanks.catalogue.sources import open_source
from community.biobanks.models import (
    VOCABULARIES,
    Biobank,
    Collection,
    DiseaseTerm,
    QualityMark,
    SyncRun,
    disease_chapter,
)
from hub.cache import forget_cached

logger = logging.getLogger(__name__)

FORMATS = {"emx2": emx2.parse, "bbmri-nl": bbmri_nl.parse}
RESERVED_SLUGS = {"api", "export", "results", "search", "contact"}
BATCH = 2000
REINDEX_BATCH = 2000  # documents per index commit (smaller batches mean more commits and merges)
FACETS = {  # Biobank facet field -> (collection field, vocabulary key)
    "facet_materials": ("materials", "material"),
    "facet_collection_types": ("types", "collection_type"),
    "facet_data_categories": ("data_categories", "data_category"),
    "facet_diseases": ("diagnoses", "disease"),
}


@dataclass
class Diff:
    added: list = field(default_factory=list)  # [(catalogue_id, name)]
    changed: list = field(default_factory=list)  # [(catalogue_id, name, [fields])]
    withdrawn: list = field(default_factory=list)  # [(catalogue_id, name)]
    unchanged: int = 0

    def counts(self) -> str:
        return _(
            "%(added)d added, %(changed)d changed, %(withdrawn)d withdrawn, %(unchanged)d unchanged"
        ) % {
            "added": len(self.added),
            "changed": len(self.changed),
            "withdrawn": len(self.withdrawn),
            "unchanged": self.unchanged,
        }


@dataclass
class SyncReport:
    source: str
    format: str
    source_key: str
    dry_run: bool
    biobanks: Diff = field(default_factory=Diff)
    collections: Diff = field(default_factory=Diff)
    terms_added: int = 0
    terms_changed: int = 0
    run: SyncRun | None = None

    @property
    def writes(self) -> bool:
        b, c = self.biobanks, self.collections
        return bool(
            b.added
            or b.changed
            or b.withdrawn
            or c.added
            or c.changed
            or c.withdrawn
            or self.terms_added
            or self.terms_changed
        )

    def summary(self) -> str:
        line = _(
            "Catalogue sync %(key)s (%(format)s): biobanks %(biobanks)s; "
            "collections %(collections)s; vocabulary terms %(added)d added, "
            "%(changed)d changed."
        ) % {
            "key": self.source_key,
            "format": self.format,
            "biobanks": self.biobanks.counts(),
            "collections": self.collections.counts(),
            "added": self.terms_added,
            "changed": self.terms_changed,
        }
        if self.dry_run:
            line += " " + _("Dry run: nothing was written.")
        return line

    def details(self, limit=200) -> str:
        lines = []
        for label, diff in ((_("Biobank"), self.biobanks), (_("Collection"), self.collections)):
            entries = (
                [(f"+ {label} {cid}", name) for cid, name in diff.added]
                + [
                    (f"~ {label} {cid}", f"{name} ({', '.join(fields)})")
                    for cid, name, fields in diff.changed
                ]
                + [(f"- {label} {cid}", name) for cid, name in diff.withdrawn]
            )
            lines += [f"{what}: {text}" for what, text in entries[:limit]]
            if len(entries) > limit:
                lines.append(_("… and %(count)d more") % {"count": len(entries) - limit})
        return "\n".join(lines)


def detect_format(source) -> str:
    return "bbmri-nl" if source.has("bbmri_nl_biobanks.csv") else "emx2"


def default_source_key(location: str, format_name: str) -> str:
    if format_name == "bbmri-nl":
        return "bbmri-nl"
    name = location.rstrip("/").rsplit("/", 1)[-1].removesuffix(".zip")
    return slugify(f"{format_name}-{name}")[:100] or format_name


def _noop_progress(iterable, **kwargs):
    return iterable


def sync(
    location: str,
    *,
    format_name: str | None = None,
    dry_run=False,
    source_key: str | None = None,
    progress=None,
    max_withdraw: float | None = DEFAULT_MAX_WITHDRAW,
) -> SyncReport:
    """Sync from `location`; returns the report, raises CatalogueError (nothing written).

    `max_withdraw`: the largest share (percent) of the source's published biobanks the sync may
    withdraw (None: no limit); beyond it ``guards.MassWithdrawal`` is raised."""
    progress = progress or _noop_progress
    report = SyncReport(location, format_name or "?", source_key or "", dry_run)
    try:
        source = open_source(location)
        format_name = format_name or detect_format(source)
        if format_name not in FORMATS:
            raise CatalogueError(
                [
                    Problem(
                        location,
                        None,
                        None,
                        _("unknown format %(format)s") % {"format": format_name},
                    )
                ]
            )
        report.format = format_name
        report.source_key = source_key or default_source_key(location, format_name)
        parsed = FORMATS[format_name](source)
        check_not_empty(parsed)
        with transaction.atomic():
            plan = Plan(parsed, report, progress)
            # The plan holds the only reference, so that it can free the parsed export before
            # the search index update (the peak of a full sync).
            del parsed
            plan.validate()
            plan.diff()
            check_withdrawals(
                report.source_key,
                len(report.biobanks.withdrawn),
                plan.published_count(),
                max_withdraw,
            )
            if not dry_run:
                plan.apply()
                report.run = _record(report, SyncRun.Status.SUCCESS)
    except CatalogueError as error:
        if not dry_run:
            report.run = _record(report, SyncRun.Status.FAILED, error.text())
        raise
    return report


def _record(report: SyncReport, status, errors="") -> SyncRun:
    b, c = report.biobanks, report.collections
    return SyncRun.objects.create(
        source=report.source[:1000],
        source_key=report.source_key or "?",
        format=report.format,
        status=status,
        finished_at=timezone.now(),
        added=len(b.added),
        changed=len(b.changed),
        withdrawn=len(b.withdrawn),
        unchanged=b.unchanged,
        collections_added=len(c.added),
        collections_changed=len(c.changed),
        collections_withdrawn=len(c.withdrawn),
        collections_unchanged=c.unchanged,
        errors=errors,
        report=(report.summary() + "\n\n" + report.details()) if status == "success" else "",
    )


class Plan:
    """One sync's working state: the parsed export, what the hub holds, and the difference."""

    def __init__(self, parsed: Parsed, report: SyncReport, progress):
        self.parsed, self.report, self.progress = parsed, report, progress

    # --- validate ---------------------------------------------------------------------------

    def validate(self):
        parsed = self.parsed
        problems: list[Problem] = list(parsed.problems)
        self.known = {}
        for key, (model, _file) in VOCABULARIES.items():
            codes = set(model.objects.values_list("code", flat=True))
            codes.update(term.code for term in parsed.vocabularies.get(key, []))
            self.known[key] = codes

        def check_code(record, field_name, key, code):
            if code is not None and code not in self.known[key]:
                problems.append(
                    record.problem(
                        field_name,
                        _("unknown %(vocabulary)s code “%(code)s”")
                        % {"vocabulary": VOCABULARIES[key][0]._meta.verbose_name, "code": code},
                    )
                )

        biobank_ids = {}
        for record in self.progress(parsed.biobanks, desc=_("Checking biobanks")):
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
            self._clean(instance, record, problems)

        collection_ids = {}
        for record in self.progress(parsed.collections, desc=_("Checking collections")):
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
                    record.problem(
                        "biobank", _("unknown biobank “%(id)s”") % {"id": record.biobank}
                    )
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
            self._clean(instance, record, problems)
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
                if mark.standard not in self.known["quality_standard"]:
                    bad(
                        "standard",
                        _("unknown quality standard code “%(code)s”") % {"code": mark.standard},
                    )
                if mark.level and mark.level not in self.known["assessment_level"]:
                    bad(
                        "level",
                        _("unknown assessment level code “%(code)s”") % {"code": mark.level},
                    )
        if problems:
            raise CatalogueError(problems)
        self.biobank_records = biobank_ids
        self.collection_records = collection_ids

    @staticmethod
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

    # --- diff -------------------------------------------------------------------------------

    def _new_states(self):
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
            *BIOBANK_SCALARS,
            *(f"{name}__code" for name in BIOBANK_FKS),
        ]
        for row in Biobank.objects.values(*fields).iterator(chunk_size=BATCH):
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
        for row in Collection.objects.values(*fields).iterator(chunk_size=BATCH):
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

    def published_count(self) -> int:
        """Biobanks of this source listed on the hub before the sync."""
        key = self.report.source_key
        return sum(
            1
            for row in self.biobank_rows.values()
            if row["source_key"] == key and not row["withdrawn"]
        )

    def diff(self):
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

    # --- apply ------------------------------------------------------------------------------

    def apply(self):
        report = self.report
        if not report.writes:
            return
        for vocabulary, (create, update) in self.term_plan.items():
            model = VOCABULARIES[vocabulary][0]
            if model is DiseaseTerm:
                for term in create + update:
                    term.chapter = disease_chapter(term.code)
            model.objects.bulk_create(create, batch_size=BATCH)
            fields = ["label", "definition", "uri", "sort_order"]
            if model is DiseaseTerm:
                fields.append("chapter")
            model.objects.bulk_update(update, fields, batch_size=BATCH)
        ids = {
            key: dict(model.objects.values_list("code", "pk"))
            for key, (model, _file) in VOCABULARIES.items()
        }
        self.ids = ids
        self.added_biobanks = {cid for cid, _name in report.biobanks.added}
        self.added_collections = {cid for cid, _name in report.collections.added}
        self.derived = self._derive(self._touched())
        self._apply_biobanks(ids)
        self._apply_collections(ids)
        self._apply_marks(ids)
        self._apply_facets()
        pks = self._release()
        # A new content generation in the same transaction: no reader can pair the new
        # catalogue with cached pages of the old one (hub/cache.py).
        forget_cached()
        # robust: the data are committed whatever happens there (the index can be rebuilt);
        # the error is logged.
        transaction.on_commit(partial(_reindex, pks), robust=True)
        transaction.on_commit(_renew_facets, robust=True)

    def _release(self) -> list[int]:
        """The pks of the biobanks to reindex; drops the parsed export, both states and the
        derived values first, so the search index update does not add to them."""
        pks = [self.biobank_pks[cid] for cid in self.derived]
        pks += [self.biobank_pks[cid] for cid, _name in self.report.biobanks.withdrawn]
        for name in (
            "parsed",
            "biobank_records",
            "collection_records",
            "new_biobanks",
            "new_collections",
            "biobank_rows",
            "collection_rows",
            "derived",
            "biobank_pks",
            "collection_pks",
            "term_plan",
            "known",
        ):
            self.__dict__.pop(name, None)
        return pks

    def _touched(self) -> set[str]:
        """Biobanks (in the export) whose own or collections' data changed."""
        report = self.report
        touched = set(self.added_biobanks) | set(self.biobank_changes)
        for cid in [*self.added_collections, *self.collection_changes]:
            touched.add(self.new_collections[cid]["biobank"])
            old = self.collection_rows.get(cid)
            if old:
                touched.add(old["biobank__catalogue_id"])
        for cid, _name in report.collections.withdrawn:
            touched.add(self.collection_rows[cid]["biobank__catalogue_id"])
        return {cid for cid in touched if cid in self.new_biobanks}

    def _apply_biobanks(self, ids) -> set[str]:
        report, key, demo = self.report, self.report.source_key, self.parsed.demo
        slugs = {row["slug"] for row in self.biobank_rows.values()} | RESERVED_SLUGS

        def scalars(state):
            values = {name: state[name] for name in BIOBANK_SCALARS}
            values["country_id"] = ids["country"].get(state["country"])
            return values

        new = []
        for cid, _name in self.progress(report.biobanks.added, desc=_("Adding biobanks")):
            state = self.new_biobanks[cid]
            base = slugify(state["acronym"] or state["name"])[:100] or "biobank"
            slug, number = base, 2
            while slug in slugs:
                slug, number = f"{base}-{number}", number + 1
            slugs.add(slug)
            new.append(
                Biobank(
                    catalogue_id=cid,
                    slug=slug,
                    source_key=key,
                    is_demo=demo,
                    **scalars(state),
                    **self.derived[cid].pop("fields"),
                )
            )
            if len(new) == BATCH:
                Biobank.objects.bulk_create(new)
                new = []
        Biobank.objects.bulk_create(new)

        changed, fields = [], {"source_key", "is_demo"}
        for cid in (set(self.biobank_changes) | set(self.derived)) - self.added_biobanks:
            names = self.biobank_changes.get(cid, ())
            derived = self.derived.get(cid, {}).get("fields", {})
            values = {**scalars(self.new_biobanks[cid]), **derived}
            changed.append(
                Biobank(pk=self.biobank_rows[cid]["pk"], source_key=key, is_demo=demo, **values)
            )
            fields |= set(derived) | {
                "country_id" if n == "country" else n
                for n in names
                if n not in ("quality", "source")
            }
        # Small batches: an UPDATE … CASE grows with the square of the batch on SQLite.
        Biobank.objects.bulk_update(changed, sorted(fields), batch_size=250)
        withdrawn = [cid for cid, _name in report.biobanks.withdrawn]
        for start in range(0, len(withdrawn), BATCH):
            Biobank.objects.filter(catalogue_id__in=withdrawn[start : start + BATCH]).update(
                withdrawn=True
            )
        self.biobank_pks = dict(Biobank.objects.values_list("catalogue_id", "pk"))

    def _apply_collections(self, ids):
        report = self.report
        pks = self.biobank_pks

        def scalars(state):
            values = {name: state[name] for name in COLLECTION_SCALARS}
            for name, vocabulary in COLLECTION_FKS.items():
                values[f"{name}_id"] = ids[vocabulary].get(state[name])
            values["biobank_id"] = pks[state["biobank"]]
            return values

        added = self.added_collections
        batch = []
        for cid in self.progress(sorted(added), desc=_("Adding collections")):
            batch.append(Collection(catalogue_id=cid, **scalars(self.new_collections[cid])))
            if len(batch) == BATCH:
                Collection.objects.bulk_create(batch)
                batch = []
        Collection.objects.bulk_create(batch)
        changed, fields = [], set()
        for cid, names in self.collection_changes.items():
            changed.append(
                Collection(pk=self.collection_rows[cid]["pk"], **scalars(self.new_collections[cid]))
            )
            fields |= {
                f"{n}_id" if n in COLLECTION_FKS or n == "biobank" else n
                for n in names
                if n not in COLLECTION_M2MS and n not in ("quality", "parent")
            }
        if changed and fields:
            Collection.objects.bulk_update(changed, sorted(fields), batch_size=250)
        withdrawn = [cid for cid, _name in report.collections.withdrawn]
        for start in range(0, len(withdrawn), BATCH):
            Collection.objects.filter(catalogue_id__in=withdrawn[start : start + BATCH]).update(
                withdrawn=True
            )
        self.collection_pks = dict(Collection.objects.values_list("catalogue_id", "pk"))

        # Parents, then many-to-many values, of the added and changed collections.
        rewrite = set(added) | set(self.collection_changes)
        parents = [
            Collection(
                pk=self.collection_pks[cid],
                parent_id=self.collection_pks.get(self.new_collections[cid]["parent"]),
            )
            for cid in rewrite
            if cid in added
            and self.new_collections[cid]["parent"]
            or "parent" in self.collection_changes.get(cid, ())
        ]
        Collection.objects.bulk_update(parents, ["parent_id"], batch_size=250)
        for name, vocabulary in COLLECTION_M2MS.items():
            targets = [
                cid
                for cid in rewrite
                if cid in added or name in self.collection_changes.get(cid, ())
            ]
            if not targets:
                continue
            through = getattr(Collection, name).through
            column = getattr(Collection, name).field.m2m_reverse_field_name()
            target_pks = [self.collection_pks[cid] for cid in targets if cid not in added]
            for start in range(0, len(target_pks), BATCH):
                through.objects.filter(collection_id__in=target_pks[start : start + BATCH]).delete()
            _insert_pairs(
                through,
                "collection_id",
                f"{column}_id",
                (
                    (self.collection_pks[cid], ids[vocabulary][code])
                    for cid in targets
                    for code in self.new_collections[cid][name]
                ),
            )

    def _apply_marks(self, ids):
        for kind, changes, added, states, pks in (
            (
                "biobank",
                self.biobank_changes,
                self.report.biobanks.added,
                self.new_biobanks,
                self.biobank_pks,
            ),
            (
                "collection",
                self.collection_changes,
                self.report.collections.added,
                self.new_collections,
                self.collection_pks,
            ),
        ):
            targets = {cid for cid, _name in added} | {
                cid for cid, names in changes.items() if "quality" in names
            }
            if not targets:
                continue
            added_ids = {cid for cid, _name in added}
            target_pks = [pks[cid] for cid in targets if cid not in added_ids]
            for start in range(0, len(target_pks), BATCH):
                QualityMark.objects.filter(
                    **{f"{kind}_id__in": target_pks[start : start + BATCH]}
                ).delete()
            QualityMark.objects.bulk_create(
                [
                    QualityMark(
                        **{f"{kind}_id": pks[cid]},
                        standard_id=ids["quality_standard"][standard],
                        level_id=ids["assessment_level"].get(level),
                    )
                    for cid in targets
                    for standard, level in states[cid]["quality"]
                ],
                batch_size=BATCH,
            )

    def _derive(self, touched: set[str]) -> dict:
        """{biobank ID: {"fields": derived column values, "facets": {facet: {codes}}}}: the
        search text and facet values of the biobanks whose data changed."""
        by_biobank = defaultdict(list)
        for state in self.new_collections.values():
            if state["biobank"] in touched and not state["withdrawn"]:
                by_biobank[state["biobank"]].append(state)
        needed = defaultdict(set)
        for states in by_biobank.values():
            for state in states:
                for _facet, (name, vocabulary) in FACETS.items():
                    needed[vocabulary].update(state[name])
        labels = {
            vocabulary: dict(
                VOCABULARIES[vocabulary][0]
                .objects.filter(code__in=sorted(codes))
                .values_list("code", "label")
            )
            for vocabulary, codes in needed.items()
            if codes
        }
        derived = {}
        for cid in self.progress(sorted(touched), desc=_("Indexing biobanks")):
            state, collections = self.new_biobanks[cid], by_biobank.get(cid, [])
            words, codes = [], defaultdict(set)
            for collection in collections:
                words += [collection["name"], collection["acronym"], collection["description"]]
                for facet, (name, vocabulary) in FACETS.items():
                    codes[facet].update(collection[name])
                    for code in collection[name]:
                        label = labels.get(vocabulary, {}).get(code, "")
                        words.append(f"{label} {code.removeprefix('urn:miriam:icd:')}")
            standards = {standard for standard, _level in state["quality"]}
            for collection in collections:
                standards |= {standard for standard, _level in collection["quality"]}
            codes["facet_quality_standards"] = standards
            commercial = state["collaboration_commercial"] or any(
                collection["commercial_use"] for collection in collections
            )
            derived[cid] = {
                "fields": {
                    "commercial_use": commercial,
                    "collection_count": len(collections),
                    "search_text": "\n".join(dict.fromkeys(w.strip() for w in words if w.strip())),
                },
                "facets": codes,
            }
        return derived

    def _apply_facets(self):
        """Write the facet tables of the changed biobanks (the search index comes after)."""
        existing = [self.biobank_pks[cid] for cid in self.derived if cid not in self.added_biobanks]
        for facet in [*FACETS, "facet_quality_standards"]:
            vocabulary = FACETS[facet][1] if facet in FACETS else "quality_standard"
            relation = getattr(Biobank, facet)
            through = relation.through
            column = relation.field.m2m_reverse_field_name()
            for start in range(0, len(existing), BATCH):
                through.objects.filter(biobank_id__in=existing[start : start + BATCH]).delete()
            _insert_pairs(
                through,
                "biobank_id",
                f"{column}_id",
                (
                    (self.biobank_pks[cid], self.ids[vocabulary][code])
                    for cid, derived in self.derived.items()
                    for code in derived["facets"].get(facet, ())
                ),
            )


def _reindex(pks):
    """Update the search index for the biobanks `pks` (after commit)."""
    from wagtail.search.backends import get_search_backends

    if not pks:
        return
    fields = [
        "name",
        "acronym",
        "description",
        "search_text",
        "withdrawn",
        "country_id",
        "commercial_use",
    ]
    for backend in get_search_backends(with_auto_update=True):
        try:
            # Batches of REINDEX_BATCH: each is one index commit.
            for start in range(0, len(pks), REINDEX_BATCH):
                objects = []
                for inner in range(start, min(start + REINDEX_BATCH, len(pks)), BATCH):
                    objects += Biobank.objects.filter(
                        pk__in=pks[inner : min(inner + BATCH, start + REINDEX_BATCH)]
                    ).only(*fields)
                backend.add_bulk(Biobank, objects)
        except Exception:  # noqa: BLE001 - the index can be rebuilt; the sync stands
            logger.exception("Could not update the search index for %d biobanks", len(pks))


def _insert_pairs(through, left, right, pairs):
    """Rows of a many-to-many table, inserted without building a model instance for each
    (the sync writes hundreds of thousands of them for a full catalogue)."""
    from django.db import connection

    quote = connection.ops.quote_name
    # Table and column names come from the models (quoted); values are parameters.
    table, columns = quote(through._meta.db_table), f"{quote(left)}, {quote(right)}"
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s)"  # noqa: S608
    batch = []
    with connection.cursor() as cursor:
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= BATCH * 5:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _renew_facets():
    """The facet index of the committed catalogue, built here once for every process."""
    from community.biobanks import facets as facet_index

    facet_index.current()  # built once, here, and shared through the cache with every process

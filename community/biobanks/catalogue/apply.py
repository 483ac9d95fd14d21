"""Writing a sync's plan (``plan.Plan``), inside the caller's transaction.

In order: vocabulary terms, then the derived values (``derive``) of the biobanks whose data
changed, biobanks (new ones get a free slug), collections with their parents and many-to-many
values, quality marks, and the biobanks' facet tables. Only catalogue-owned fields are written;
withdrawn rows are marked, never deleted. Rows go in batches, and many-to-many pairs through
raw ``INSERT``s (``insert_pairs``): a full catalogue has hundreds of thousands of them.
"""

from django.db import connection
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.biobanks.catalogue.derive import FACETS, derive, touched_biobanks
from community.biobanks.catalogue.parsed import (
    BIOBANK_SCALARS,
    COLLECTION_FKS,
    COLLECTION_M2MS,
    COLLECTION_SCALARS,
)
from community.biobanks.catalogue.plan import Plan
from community.biobanks.models import Biobank, Collection, QualityMark
from community.biobanks.terms import VOCABULARIES, DiseaseTerm, disease_chapter

# First path segments of /biobanks/'s own routes (pages.py, hub/urls.py): never a profile's slug.
RESERVED_SLUGS = {"api", "basket", "catalog", "contact", "export", "map", "results", "search"}
BATCH = 2000  # rows per statement
UPDATE_BATCH = 250  # an UPDATE … CASE grows with the square of the batch on SQLite


def apply(plan: Plan) -> list[int]:
    """Write `plan`; the pks of the biobanks to reindex. Releases the plan's data (``release``)
    so that the search index update, after commit, does not add to it."""
    report = plan.report
    write_terms(plan.term_plan)
    ids = {
        key: dict(model.objects.values_list("code", "pk"))
        for key, (model, _file) in VOCABULARIES.items()
    }
    added_biobanks = {cid for cid, _name in report.biobanks.added}
    added_collections = {cid for cid, _name in report.collections.added}
    derived = derive(plan, touched_biobanks(plan, added_biobanks, added_collections))
    biobank_pks = write_biobanks(plan, ids, derived, added_biobanks)
    collection_pks = write_collections(plan, ids, biobank_pks, added_collections)
    write_marks(plan, ids, biobank_pks, collection_pks)
    write_facets(ids, derived, biobank_pks, added_biobanks)
    plan.release()
    pks = [biobank_pks[cid] for cid in derived]
    return pks + [biobank_pks[cid] for cid, _name in report.biobanks.withdrawn]


def write_terms(term_plan: dict) -> None:
    """Create and relabel vocabulary terms ({vocabulary: (to create, to update)})."""
    for vocabulary, (create, update) in term_plan.items():
        model = VOCABULARIES[vocabulary][0]
        if model is DiseaseTerm:
            for term in create + update:
                term.chapter = disease_chapter(term.code)
        model.objects.bulk_create(create, batch_size=BATCH)
        fields = ["label", "definition", "uri", "sort_order"]
        if model is DiseaseTerm:
            fields.append("chapter")
        model.objects.bulk_update(update, fields, batch_size=BATCH)


def write_biobanks(plan: Plan, ids, derived, added: set[str]) -> dict[str, int]:
    """Add, change and withdraw biobanks; {catalogue ID: pk} of every biobank afterwards."""
    report, key, demo = plan.report, plan.report.source_key, plan.parsed.demo
    slugs = {row["slug"] for row in plan.biobank_rows.values()} | RESERVED_SLUGS

    def scalars(state):
        values = {name: state[name] for name in BIOBANK_SCALARS}
        values["country_id"] = ids["country"].get(state["country"])
        return values

    new = []
    for cid, _name in plan.progress(report.biobanks.added, desc=_("Adding biobanks")):
        state = plan.new_biobanks[cid]
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
                **derived[cid].pop("fields"),
            )
        )
        if len(new) == BATCH:
            Biobank.objects.bulk_create(new)
            new = []
    Biobank.objects.bulk_create(new)

    changed, fields = [], {"source_key", "is_demo"}
    for cid in (set(plan.biobank_changes) | set(derived)) - added:
        names = plan.biobank_changes.get(cid, ())
        derived_fields = derived.get(cid, {}).get("fields", {})
        values = {**scalars(plan.new_biobanks[cid]), **derived_fields}
        changed.append(
            Biobank(pk=plan.biobank_rows[cid]["pk"], source_key=key, is_demo=demo, **values)
        )
        fields |= set(derived_fields) | {
            "country_id" if n == "country" else n for n in names if n not in ("quality", "source")
        }
    Biobank.objects.bulk_update(changed, sorted(fields), batch_size=UPDATE_BATCH)
    _withdraw(Biobank, [cid for cid, _name in report.biobanks.withdrawn])
    return dict(Biobank.objects.values_list("catalogue_id", "pk"))


def write_collections(plan: Plan, ids, biobank_pks, added: set[str]) -> dict[str, int]:
    """Add, change and withdraw collections, then set the parents and many-to-many values of
    the added and changed ones; {catalogue ID: pk} of every collection afterwards."""

    def scalars(state):
        values = {name: state[name] for name in COLLECTION_SCALARS}
        for name, vocabulary in COLLECTION_FKS.items():
            values[f"{name}_id"] = ids[vocabulary].get(state[name])
        values["biobank_id"] = biobank_pks[state["biobank"]]
        return values

    batch = []
    for cid in plan.progress(sorted(added), desc=_("Adding collections")):
        batch.append(Collection(catalogue_id=cid, **scalars(plan.new_collections[cid])))
        if len(batch) == BATCH:
            Collection.objects.bulk_create(batch)
            batch = []
    Collection.objects.bulk_create(batch)
    changed, fields = [], set()
    for cid, names in plan.collection_changes.items():
        changed.append(
            Collection(pk=plan.collection_rows[cid]["pk"], **scalars(plan.new_collections[cid]))
        )
        fields |= {
            f"{n}_id" if n in COLLECTION_FKS or n == "biobank" else n
            for n in names
            if n not in COLLECTION_M2MS and n not in ("quality", "parent")
        }
    if changed and fields:
        Collection.objects.bulk_update(changed, sorted(fields), batch_size=UPDATE_BATCH)
    _withdraw(Collection, [cid for cid, _name in plan.report.collections.withdrawn])
    pks = dict(Collection.objects.values_list("catalogue_id", "pk"))

    # Parents, then many-to-many values, of the added and changed collections.
    rewrite = set(added) | set(plan.collection_changes)
    parents = [
        Collection(
            pk=pks[cid],
            parent_id=pks.get(plan.new_collections[cid]["parent"]),
        )
        for cid in rewrite
        if cid in added
        and plan.new_collections[cid]["parent"]
        or "parent" in plan.collection_changes.get(cid, ())
    ]
    Collection.objects.bulk_update(parents, ["parent_id"], batch_size=UPDATE_BATCH)
    for name, vocabulary in COLLECTION_M2MS.items():
        targets = [
            cid for cid in rewrite if cid in added or name in plan.collection_changes.get(cid, ())
        ]
        if not targets:
            continue
        relation = getattr(Collection, name)
        column = relation.field.m2m_reverse_field_name()
        _delete_owned(
            relation.through, "collection_id", [pks[c] for c in targets if c not in added]
        )
        insert_pairs(
            relation.through,
            "collection_id",
            f"{column}_id",
            (
                (pks[cid], ids[vocabulary][code])
                for cid in targets
                for code in plan.new_collections[cid][name]
            ),
        )
    return pks


def write_marks(plan: Plan, ids, biobank_pks, collection_pks) -> None:
    """Replace the quality marks of the added biobanks and collections and of those whose
    marks changed."""
    for kind, changes, added, states, pks in (
        (
            "biobank",
            plan.biobank_changes,
            plan.report.biobanks.added,
            plan.new_biobanks,
            biobank_pks,
        ),
        (
            "collection",
            plan.collection_changes,
            plan.report.collections.added,
            plan.new_collections,
            collection_pks,
        ),
    ):
        targets = {cid for cid, _name in added} | {
            cid for cid, names in changes.items() if "quality" in names
        }
        if not targets:
            continue
        added_ids = {cid for cid, _name in added}
        _delete_owned(QualityMark, f"{kind}_id", [pks[c] for c in targets if c not in added_ids])
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


def write_facets(ids, derived, biobank_pks, added: set[str]) -> None:
    """Write the facet tables of the derived biobanks (the search index comes after commit)."""
    existing = [biobank_pks[cid] for cid in derived if cid not in added]
    for facet in [*FACETS, "facet_quality_standards"]:
        vocabulary = FACETS[facet][1] if facet in FACETS else "quality_standard"
        relation = getattr(Biobank, facet)
        column = relation.field.m2m_reverse_field_name()
        _delete_owned(relation.through, "biobank_id", existing)
        insert_pairs(
            relation.through,
            "biobank_id",
            f"{column}_id",
            (
                (biobank_pks[cid], ids[vocabulary][code])
                for cid, values in derived.items()
                for code in values["facets"].get(facet, ())
            ),
        )


def _withdraw(model, catalogue_ids) -> None:
    for start in range(0, len(catalogue_ids), BATCH):
        model.objects.filter(catalogue_id__in=catalogue_ids[start : start + BATCH]).update(
            withdrawn=True
        )


def _delete_owned(model, owner_column, owner_pks) -> None:
    """Delete the rows of `model` (a many-to-many table, quality marks) whose `owner_column` is
    one of `owner_pks`."""
    for start in range(0, len(owner_pks), BATCH):
        model.objects.filter(**{f"{owner_column}__in": owner_pks[start : start + BATCH]}).delete()


def insert_pairs(through, left, right, pairs) -> None:
    """Rows of a many-to-many table, inserted without building a model instance for each
    (the sync writes hundreds of thousands of them for a full catalogue)."""
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

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

This module is the orchestration and the report (``SyncReport``); each step has a module of its
own beside it (see ``community.biobanks.catalogue``).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.biobanks.catalogue import bbmri_nl, emx2
from community.biobanks.catalogue.apply import apply
from community.biobanks.catalogue.errors import CatalogueError, Problem
from community.biobanks.catalogue.guards import (
    DEFAULT_MAX_WITHDRAW,
    check_not_empty,
    check_withdrawals,
)
from community.biobanks.catalogue.plan import Plan
from community.biobanks.catalogue.reindex import renew
from community.biobanks.catalogue.sources import open_source
from community.biobanks.models import SyncRun

FORMATS = {"emx2": emx2.parse, "bbmri-nl": bbmri_nl.parse}


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
                if report.writes or plan.stale_derived():
                    renew(apply(plan))
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

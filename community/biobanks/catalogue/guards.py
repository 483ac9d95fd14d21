"""Guards against a sync that would empty the catalogue by mistake.

A truncated nightly download (only the header rows), a wrong file or a broken upstream export
reads as "every biobank is gone", and an honest sync would withdraw them all from /biobanks/.
So the sync refuses an export that holds no biobanks at all, and one that would withdraw more
than a share of the biobanks a source has published (``DEFAULT_MAX_WITHDRAW`` percent, or what
the caller allows). Both are checked before anything is written.
"""

from django.utils.translation import gettext as _

from community.biobanks.catalogue.errors import CatalogueError, Problem

DEFAULT_MAX_WITHDRAW = 10.0  # percent of the biobanks a source has published
BIOBANK_FILES = {"emx2": "Biobanks.csv", "bbmri-nl": "bbmri_nl_biobanks.csv"}


class SyncRefused(CatalogueError):
    """The export reads well, but syncing it would harm the catalogue; nothing was written."""


class EmptyExport(SyncRefused):
    def __init__(self, format_name: str):
        super().__init__(
            [
                Problem(
                    BIOBANK_FILES.get(format_name, format_name),
                    None,
                    None,
                    _(
                        "the export holds no biobanks (only a header row?); syncing it would "
                        "withdraw the whole catalogue"
                    ),
                )
            ]
        )


class MassWithdrawal(SyncRefused):
    def __init__(self, source_key: str, withdrawn: int, published: int, limit: float):
        self.source_key, self.withdrawn, self.published, self.limit = (
            source_key,
            withdrawn,
            published,
            limit,
        )
        message = _(
            "the sync would withdraw %(withdrawn)d of the %(published)d biobanks published from "
            "source “%(key)s” (%(share).0f%%), more than the limit of %(limit)g%%"
        ) % {
            "withdrawn": withdrawn,
            "published": published,
            "key": source_key,
            "share": self.share,
            "limit": limit,
        }
        super().__init__([Problem(source_key, None, None, message)])

    @property
    def share(self) -> float:
        return 100.0 * self.withdrawn / self.published


def check_not_empty(parsed) -> None:
    if not parsed.biobanks:
        raise EmptyExport(parsed.format)


def check_withdrawals(
    source_key: str, withdrawn: int, published: int, max_withdraw: float | None
) -> None:
    """Refuse withdrawing more than `max_withdraw` percent of the `published` biobanks (None:
    no limit)."""
    if max_withdraw is None or not withdrawn:
        return
    if withdrawn * 100.0 > max_withdraw * published:
        raise MassWithdrawal(source_key, withdrawn, published, max_withdraw)

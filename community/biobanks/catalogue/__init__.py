"""Reading the BBMRI-ERIC Directory's exports and syncing them into the hub's biobanks.

parse (``emx2``, ``bbmri_nl``) → validate (``full_clean``, vocabularies, references) → diff →
apply in one transaction (``sync``). ``manage.py sync_catalogue`` is the command-line face.

================  ==============================================================================
``sync``          the orchestration: one transaction, the guards, the history (``SyncReport``)
``sources``       opening a folder, zip or EMX2 server, within size limits
``parsed``        the format-independent result of parsing, and the cell converters
``emx2``          the Directory's EMX2 model: its columns and the reader
``emx2_writer``   what the hub holds, written back in the EMX2 model (/biobanks/export/emx2/)
``bbmri_nl``      the reader of BBMRI-NL's CSV files
``validate``      checking every record before anything is compared
``plan``          what the hub holds and the difference (``Plan``)
``guards``        refusing an empty export or a mass withdrawal
``apply``         writing the difference (rows in batches, many-to-many pairs in raw SQL)
``derive``        the biobanks' derived fields: facets, search text, counts
``reindex``       after the writes: cache generation; search and facet index after commit
``errors``        ``CatalogueError`` and the ``Problem`` it lists (file, row, column)
``synthetic``     a generated EMX2 export of any size (benchmarks, scale corpus, kill test)
================  ==============================================================================
"""

from community.biobanks.catalogue.errors import CatalogueError, Problem
from community.biobanks.catalogue.sync import SyncReport, sync

__all__ = ["CatalogueError", "Problem", "SyncReport", "sync"]

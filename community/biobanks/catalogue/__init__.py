"""Reading the BBMRI-ERIC Directory's exports and syncing them into the hub's biobanks.

parse (``emx2``, ``bbmri_nl``) → validate (``full_clean``, vocabularies, references) → diff →
apply in one transaction (``sync``). ``manage.py sync_catalogue`` is the command-line face.
"""

from community.biobanks.catalogue.errors import CatalogueError, Problem
from community.biobanks.catalogue.sync import SyncReport, sync

__all__ = ["CatalogueError", "Problem", "SyncReport", "sync"]

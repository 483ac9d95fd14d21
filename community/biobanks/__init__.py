"""Biobanks: profiles from the BBMRI-ERIC Directory, their search at /biobanks/ and the catalogue
sync (part of the ``community`` app: app label and tables are ``community``'s).

=============  =================================================================================
``models``     Biobank, Collection, QualityMark, SyncRun (catalogue-owned and hub-owned fields)
``terms``      the Directory's vocabularies (Country, MaterialType, DiseaseTerm…), ICD-10 chapters
``pages``      BiobankIndexPage: /biobanks/ and its routes, each rendering or returning its part
``search``     the faceted search (words, filters, counts, browse entry) shared by page, CSV, API
``facets``     the facet bitsets behind the search's filters and counts
``profile``    a profile's data (cached loader) and its page context
``jsonld``     a profile's schema.org JSON-LD
``exports``    downloads: the search's results as CSV, everything as an EMX2 zip
``api``        the JSON API (list and profile)
``contact``    "Contact this biobank" (form and sent page)
``forms``      the search's parameters and the contact form
``admin``      Wagtail admin: profiles, sync history
``demo``       the demo biobanks (``manage.py load_demo``)
``catalogue``  reading the Directory's exports and syncing them (``manage.py sync_catalogue``)
=============  =================================================================================
"""

"""Organiser tools in the Wagtail admin, one ViewSet (viewset.py, registered in
events/wagtail_hooks.py): per event the counts, the registrations list (search, filters, CSV
export), adding and cancelling by hand, check-in at the door (by name, or by scanning the QR code
of a personal link), messages to attendees (compose, preview, a test to oneself, send, and a log
of what was sent), duplicating as next year's draft, and cancelling the event.

Whoever may edit an event page may use these for that event, and nobody else (see
events/permissions.py). Every write goes through events.services.
"""

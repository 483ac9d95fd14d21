"""Organiser tools in the Wagtail admin, one ViewSet (viewset.py, registered in
events/wagtail_hooks.py): per event the counts, the registrations list (search, filters, CSV
export), adding and cancelling by hand, check-in at the door, messages to attendees, duplicating
as next year's draft, and cancelling the event.

Whoever may edit an event page may use these for that event, and nobody else (see
events/permissions.py). Every write goes through events.services.
"""

"""Newsletter editions: composed in Wagtail, sent to confirmed subscribers by the worker,
archived at /newsletter/archive/ (the subscription itself is ``community.newsletter``)."""

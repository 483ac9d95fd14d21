"""Public views of funding calls (calls.py) and partnership listings (partnerships.py).

They are reached through the pages' routes (FundingIndexPage, FundingCallPage,
PartnershipIndexPage) or funding/urls.py, and stay thin: reading input, calling
funding.services, turning refusals into messages. Listings cost a fixed number of queries
whatever the number of items (see the query-count tests).
"""

from funding.views.calls import (
    deadlines_ics,
    follow_view,
    save_filter_view,
    unsubscribe_view,
)
from funding.views.partnerships import (
    contact_partner_view,
    listing_view,
    partnership_index_view,
    renew_listing_view,
    submit_listing_view,
)

__all__ = [
    "contact_partner_view",
    "deadlines_ics",
    "follow_view",
    "listing_view",
    "partnership_index_view",
    "renew_listing_view",
    "save_filter_view",
    "submit_listing_view",
    "unsubscribe_view",
]

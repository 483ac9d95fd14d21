from funding.models.alerts import (
    CallFollow,
    DeadlineReminder,
    FilterMatch,
    SavedFilter,
)
from funding.models.calls import (
    CallStatus,
    Currency,
    FundingCallPage,
    FundingDeadline,
    FundingIndexPage,
    call_status,
    closing_soon_days,
)
from funding.models.funders import Funder
from funding.models.partnerships import (
    CommercialUse,
    ListingKind,
    ModerationStatus,
    OrganisationType,
    PartnershipIndexPage,
    PartnershipListing,
    Resource,
    Sector,
)

__all__ = [
    "CallFollow",
    "CallStatus",
    "CommercialUse",
    "Currency",
    "DeadlineReminder",
    "FilterMatch",
    "Funder",
    "FundingCallPage",
    "FundingDeadline",
    "FundingIndexPage",
    "ListingKind",
    "ModerationStatus",
    "OrganisationType",
    "PartnershipIndexPage",
    "PartnershipListing",
    "Resource",
    "SavedFilter",
    "Sector",
    "call_status",
    "closing_soon_days",
]

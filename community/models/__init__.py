from community.models.members import Profile, StakeholderType
from community.models.newsletter import Subscriber

__all__ = ["Profile", "StakeholderType", "Subscriber"]

from community.models.groups import (
    JoinRequest,
    JoinRequestStatus,
    MaterialKind,
    MembershipPolicy,
    WorkingGroupIndexPage,
    WorkingGroupMaterialPage,
    WorkingGroupMembersPage,
    WorkingGroupPage,
)
from community.models.members import Profile, StakeholderType
from community.models.newsletter import Subscriber
from community.models.people import Person
from community.models.topics import Topic, TopicIndexPage, TopicPage

__all__ = [
    "JoinRequest", "JoinRequestStatus", "MaterialKind", "MembershipPolicy", "Person", "Profile",
    "StakeholderType", "Subscriber", "Topic", "TopicIndexPage", "TopicPage",
    "WorkingGroupIndexPage", "WorkingGroupMaterialPage", "WorkingGroupMembersPage",
    "WorkingGroupPage",
]

from community.biobanks.models import Biobank, Collection, QualityMark, SyncRun
from community.biobanks.pages import BiobankIndexPage
from community.biobanks.terms import (
    AccessType,
    AgeUnit,
    AssessmentLevel,
    CollectionType,
    Country,
    DataCategory,
    DiseaseTerm,
    MaterialType,
    QualityStandard,
    SampleSize,
    SexType,
    StorageTemperature,
)
from community.models.group_members_area import (
    MaterialKind,
    WorkingGroupMaterialPage,
    WorkingGroupMembersPage,
)
from community.models.group_sharing import GroupAnnouncement, GroupMailOptOut, SharedDocument
from community.models.groups import MembershipPolicy, WorkingGroupIndexPage, WorkingGroupPage
from community.models.join_requests import JoinRequest, JoinRequestStatus
from community.models.members import Profile, StakeholderType
from community.models.messages import ContactMessage
from community.models.news import NewsIndexPage, NewsPage
from community.models.newsletter import Subscriber
from community.models.people import Person
from community.models.topics import Topic, TopicIndexPage, TopicPage
from community.models.training import (
    Difficulty,
    Licence,
    TrainingAudience,
    TrainingIndexPage,
    TrainingPage,
    TrainingTheme,
    TrainingType,
)

__all__ = [
    "AccessType",
    "AgeUnit",
    "AssessmentLevel",
    "Biobank",
    "BiobankIndexPage",
    "Collection",
    "CollectionType",
    "ContactMessage",
    "Country",
    "DataCategory",
    "DiseaseTerm",
    "MaterialType",
    "QualityMark",
    "QualityStandard",
    "SampleSize",
    "SexType",
    "SharedDocument",
    "StorageTemperature",
    "SyncRun",
    "Difficulty",
    "GroupAnnouncement",
    "GroupMailOptOut",
    "JoinRequest",
    "JoinRequestStatus",
    "Licence",
    "MaterialKind",
    "MembershipPolicy",
    "NewsIndexPage",
    "NewsPage",
    "Person",
    "Profile",
    "StakeholderType",
    "Subscriber",
    "Topic",
    "TopicIndexPage",
    "TopicPage",
    "TrainingAudience",
    "TrainingIndexPage",
    "TrainingPage",
    "TrainingTheme",
    "TrainingType",
    "WorkingGroupIndexPage",
    "WorkingGroupMaterialPage",
    "WorkingGroupMembersPage",
    "WorkingGroupPage",
]

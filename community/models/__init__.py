from community.models.biobank_pages import BiobankIndexPage
from community.models.biobanks import (
    AccessType,
    AgeUnit,
    AssessmentLevel,
    Biobank,
    Collection,
    CollectionType,
    ContactRequest,
    Country,
    DataCategory,
    DiseaseTerm,
    MaterialType,
    QualityMark,
    QualityStandard,
    SampleSize,
    SexType,
    StorageTemperature,
    SyncRun,
)
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
from community.models.news import NewsIndexPage, NewsPage
from community.models.newsletter import Subscriber
from community.models.people import Person, PersonMessage
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
    "AccessType", "AgeUnit", "AssessmentLevel", "Biobank", "BiobankIndexPage", "Collection",
    "CollectionType", "ContactRequest", "Country", "DataCategory", "DiseaseTerm",
    "MaterialType", "QualityMark", "QualityStandard", "SampleSize", "SexType",
    "StorageTemperature", "SyncRun",
    "Difficulty", "JoinRequest", "JoinRequestStatus", "Licence", "MaterialKind",
    "MembershipPolicy", "NewsIndexPage", "NewsPage", "Person", "PersonMessage", "Profile",
    "StakeholderType",
    "Subscriber", "Topic", "TopicIndexPage", "TopicPage", "TrainingAudience", "TrainingIndexPage",
    "TrainingPage", "TrainingTheme", "TrainingType", "WorkingGroupIndexPage",
    "WorkingGroupMaterialPage", "WorkingGroupMembersPage", "WorkingGroupPage",
]

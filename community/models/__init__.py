from community.models.members import Profile, StakeholderType
from community.models.newsletter import Subscriber
from community.models.people import Person
from community.models.topics import Topic, TopicIndexPage, TopicPage

__all__ = [
    "Person", "Profile", "StakeholderType", "Subscriber", "Topic", "TopicIndexPage", "TopicPage",
]

"""Signal receivers of the community app; connected in CommunityConfig.ready()."""

from community.models import Profile


def create_profile(sender, instance, created, raw=False, **kwargs):
    """Every user gets a Profile the moment the user is created (sign-up, admin, shell)."""
    if created and not raw:  # fixtures (raw) bring their own profiles
        Profile.objects.get_or_create(user=instance)

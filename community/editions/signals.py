"""An address that leaves the newsletter leaves the editions' delivery lists too.

A Delivery row holds an address only so that a resumed send skips whoever has the edition; once
the subscriber is gone (unsubscribed, erased, a sign-up never confirmed) it is not a recipient
any more, so the row has nothing left to guard and the address is not kept.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from community.models import Subscriber


@receiver(post_delete, sender=Subscriber, dispatch_uid="editions_forget_deliveries")
def forget_deliveries(sender, instance, **kwargs):
    from community.editions.models import Delivery

    Delivery.objects.filter(email__iexact=instance.email).delete()

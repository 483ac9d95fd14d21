from wagtail import hooks

from hub import dashboard  # noqa: F401 - registers the editors' dashboard panels
from hub.outbox.admin import OutgoingMailViewSet
from hub.usage import hooks as usage_hooks  # noqa: F401  (Reports → Usage, its panels)


@hooks.register("register_admin_viewset")
def register_outgoing_mail_viewset():
    return OutgoingMailViewSet("outgoing_mail")

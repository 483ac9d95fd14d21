from wagtail import hooks

from hub.outbox.admin import OutgoingMailViewSet


@hooks.register("register_admin_viewset")
def register_outgoing_mail_viewset():
    return OutgoingMailViewSet("outgoing_mail")

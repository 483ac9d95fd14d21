"""Newsletter editions in the Wagtail admin: a snippet with drafts, previews (web page, HTML mail,
text mail), "Send a test to me" and "Send to subscribers"."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.editions.admin_views import EditionEditView, SendTestView, SendView
from community.editions.models import Edition


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "mail"
    menu_label = _("Newsletter")
    menu_order = 310
    add_to_admin_menu = True
    edit_view_class = EditionEditView
    list_display = ["title", "audience", "live", "sent_at"]
    list_filter = ["live"]
    search_fields = ["title"]
    search_backend_name = None  # the database's search: editions are not in the site's index

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            send_test_url_name=self.get_url_name("send_test"),
            send_url_name=self.get_url_name("send"),
            **kwargs,
        )

    def _action(self, view_class, name):
        return view_class.as_view(
            permission_policy=self.permission_policy,
            edit_url_name=self.get_url_name("edit"),
            action_url_name=self.get_url_name(name),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("send-test/<int:pk>/", self._action(SendTestView, "send_test"), name="send_test"),
            path("send/<int:pk>/", self._action(SendView, "send"), name="send"),
        ]


register_snippet(EditionViewSet)

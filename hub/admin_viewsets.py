"""A read-only ModelViewSet for rows that come from outside the admin (sign-ups, catalogue
syncs, contact messages): Wagtail's list, inspect and delete views, no add, edit or copy."""

from django.urls import path
from wagtail.admin.viewsets.model import ModelViewSet


class ReadOnlyModelViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    with_history = False  # also the history and usage views

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs["add_url_name"] = None
        view_kwargs["edit_url_name"] = None
        if not self.with_history:
            # The views link to these when named: the delete view reverses "usage".
            view_kwargs["history_url_name"] = None
            view_kwargs["usage_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        # Not ModelViewSet's: building its add and edit views needs a form.
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
        ]
        if self.with_history:
            patterns += [
                path("history/<int:pk>/", self.history_view, name="history"),
                path(
                    "history-results/<int:pk>/",
                    self.history_results_view,
                    name="history_results",
                ),
                path("usage/<int:pk>/", self.usage_view, name="usage"),
            ]
        return patterns

    @property
    def url_finder_class(self):
        # Admin links that would go to the (absent) edit view go to the inspect view.
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

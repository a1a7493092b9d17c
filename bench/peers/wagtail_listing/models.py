from wagtail.models import Page


class ListingPage(Page):
    """Lists its children the way a first Wagtail site does: one {% pageurl %} per child."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live()
        return context


class ItemPage(Page):
    pass

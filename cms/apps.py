from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Wagtail pages, blocks, site settings and navigation."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "Site content"

    def ready(self):
        # Framework signals only (Wagtail's page lifecycle), so the cached menu never goes stale
        # whichever app or admin screen published, moved or deleted a page.
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms import receivers

        post_save.connect(receivers.page_changed, dispatch_uid="cms.menu.page_saved")
        post_delete.connect(receivers.page_changed, dispatch_uid="cms.menu.page_deleted")
        page_published.connect(receivers.page_changed, dispatch_uid="cms.menu.page_published")
        page_unpublished.connect(receivers.page_changed, dispatch_uid="cms.menu.page_unpublished")
        post_page_move.connect(receivers.page_changed, dispatch_uid="cms.menu.page_moved")

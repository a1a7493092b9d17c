from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared helpers"

    def ready(self):
        from django.core.signals import request_started

        from core.tree_cache import tree_version_forget

        # The page tree's version is read once per request (core/tree_cache.py).
        request_started.connect(tree_version_forget, dispatch_uid="core.tree_cache.request_started")

"""Build the demo site: every area's `demo.seed()` in dependency order. Safe to run again."""

import importlib
import importlib.util
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: funds and rules before the pages and products that use them.
SEEDER_APPS = ["ledger", "cms", "shop", "donations", "community"]
DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "hopeworks-demo"  # local demo only; never created outside local settings


class Command(BaseCommand):
    help = "Create or refresh the demo content (idempotent)."

    def handle(self, *args, **options):
        modules = []
        for app in SEEDER_APPS:
            if importlib.util.find_spec(f"{app}.demo") is None:
                continue
            module = importlib.import_module(f"{app}.demo")
            with transaction.atomic():
                module.seed(stdout=self.stdout)
            modules.append(module)
            self.stdout.write(f"seeded {app}")
        # Links between areas (the footer naming the circles and the gala) need every page in place.
        for module in modules:
            if hasattr(module, "seed_links"):
                with transaction.atomic():
                    module.seed_links(stdout=self.stdout)
        if settings.SHOW_DEMO_LOGIN:
            self._ensure_demo_admin()

    def _ensure_demo_admin(self):
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_ADMIN_USERNAME,
            defaults={"email": "admin@localhost", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(DEMO_ADMIN_PASSWORD)
            user.save()
        # `make run` passes PORT in the environment; the address printed is where the server listens.
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin: http://127.0.0.1:{port}/admin/  user {DEMO_ADMIN_USERNAME}  "
                f"password {DEMO_ADMIN_PASSWORD}"
            )
        )

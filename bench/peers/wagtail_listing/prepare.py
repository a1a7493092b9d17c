"""Build the peer's database: Wagtail's tables, a listing home page and 100 live child pages."""

import os

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.peers.wagtail_listing.settings"
django.setup()

from django.core.management import call_command  # noqa: E402


def main(children: int = 100) -> None:
    call_command("migrate", verbosity=0)
    from wagtail.models import Page, Site

    from bench.peers.wagtail_listing.models import ItemPage, ListingPage

    if ListingPage.objects.exists():
        return
    root = Page.get_first_root_node()
    home = root.add_child(instance=ListingPage(title="Listing", slug="listing"))
    Site.objects.all().delete()
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True)
    for n in range(children):
        home.add_child(instance=ItemPage(title=f"Item {n + 1}", slug=f"item-{n + 1}"))


if __name__ == "__main__":
    main()

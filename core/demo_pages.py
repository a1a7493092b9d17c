"""Demo seeding helpers every app's `demo` package shares (pages matched by slug, so a rerun adds nothing)."""

from wagtail.models import Page


def published_child(parent: Page, page: Page, *, stdout) -> Page:
    """`page` published under `parent`, or the page already there with its slug (left as an editor
    may have changed it)."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    stdout.write(f"  created {page.title}")
    return page

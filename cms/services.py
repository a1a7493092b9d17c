"""cms services: every write, keyword-only and atomic."""

import datetime as dt

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.utils.formats import date_format

from cms import selectors
from core.mail import send_templated_email
from core.site_url import site_url
from core.tree_cache import tree_epoch_move


def _display_value(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dt.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


@transaction.atomic
def form_submission_record(*, page, form):
    """Store a valid submission and, once it is committed, email the page's staff recipients."""
    submission = page.get_submission_class().objects.create(form_data=form.cleaned_data, page=page)
    if page.to_address:
        transaction.on_commit(lambda: form_submission_notify(page=page, form=form))
    return submission


def form_submission_notify(*, page, form) -> None:
    """Email the submission to the addresses on the page, as plain text and HTML."""
    rows = [
        (field.label, _display_value(form.cleaned_data.get(field.name)))
        for field in form.visible_builder_fields()
        if field.name in form.cleaned_data
    ]
    # Staff can answer the sender directly when the form asked for a (validated) email address.
    reply_to = [
        form.cleaned_data[field.name]
        for field in form.visible_builder_fields()
        if isinstance(field.field, forms.EmailField) and form.cleaned_data.get(field.name)
    ][:1]
    context = {"page": page, "rows": rows, "admin_base_url": site_url("")}
    send_templated_email(
        template="cms/email/form_submission",
        subject=page.subject or f"New submission: {page.title}",
        to=[address.strip() for address in page.to_address.split(",") if address.strip()],
        context=context,
        reply_to=reply_to,
        from_email=page.from_address,
    )


def navigation_invalidate() -> None:
    """Forget the cached main menus, chrome, routes and listing totals (after pages are published,
    moved or deleted, a site or the settings edited): at once, before the page cache's generation
    moves on commit. The last three are kept under the tree's version (core/tree_cache.py)."""
    cache.delete_many([selectors.menu_cache_key(site_id) for site_id in selectors.site_ids()])
    tree_epoch_move()


def chrome_invalidate() -> None:
    """Forget the kept header and footer (settings edited, the share image changed)."""
    tree_epoch_move()

"""Email as every app sends it: HTML and plain text from one template pair, queued on commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def send_templated_email(
    *,
    template: str,
    subject: str,
    to: list[str],
    context: dict,
    attachments=(),
    reply_to=(),
    from_email: str = "",
) -> None:
    """Render `<template>.txt` and `<template>.html` and send them as one message now (from
    `from_email`, or DEFAULT_FROM_EMAIL)."""
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=list(reply_to),
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue a django_tasks task once the current transaction commits (never for a rolled-back write)."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))

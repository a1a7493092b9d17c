"""Filters for staff screens: `{{ moment|local_datetime }}` in the organisation's timezone, zone named."""

from django import template

from core.admin_views import local_datetime as _local_datetime
from core.money import money_format

register = template.Library()


@register.filter
def local_datetime(value):
    return _local_datetime(value) if value else ""


@register.filter
def money_abs(value):
    """A credit leg shown as a positive amount in the Credit column."""
    return money_format(-value) if value is not None else ""

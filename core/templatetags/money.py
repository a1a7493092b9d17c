"""`{{ amount|money }}` ("$1,200.00") and `{{ amount|money:0 }}` ("$1,200"): a template builtin, so
every page, email and admin screen writes money the same way without `{% load %}`."""

from django import template

from core.money import money_format

register = template.Library()


@register.filter(name="money")
def money(value, decimals=None):
    return money_format(value, decimals=None if decimals in (None, "") else int(decimals))

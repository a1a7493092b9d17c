from django import template
from wagtail.models import Site

from cms import selectors
from ledger import impact

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    current = request.path if request is not None else ""
    items = [
        {"title": item.title, "url": item.url, "current": current.startswith(item.url)}
        for item in selectors.menu_items(site=site)
    ]
    return {"items": items}


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    if request is None or not url:
        return url or ""
    return request.build_absolute_uri(url)


@register.filter
def unit_label_for(label: str, units) -> str:
    """ "hour of survivor wages" -> "hours of survivor wages" unless exactly one unit (the ledger's
    wording, so every page words a figure the same way)."""
    return impact.unit_label_for(label, units)

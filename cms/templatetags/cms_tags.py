from django import template
from django.template.loader import render_to_string
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Page, Site

from cms import chrome, selectors
from ledger import impact

register = template.Library()

SOCIAL_IMAGE_FILTER = "fill-1200x630"


def rendition_for_display(image, spec: str):
    """`image`'s rendition for `spec`, read from the renditions cache or the database.

    Wagtail's `get_rendition` (behind `{% image %}`) writes the rendition back to the shared cache on
    every call: with the database cache, a write transaction per image per page view. This reads
    only, and makes the rendition (once) when it does not exist yet."""
    image_filter = Filter(spec=spec)
    try:
        return image.find_existing_rendition(image_filter)
    except image.get_rendition_model().DoesNotExist:
        return get_rendition_or_not_found(image, image_filter)  # made once; a lost file shows broken


@register.simple_tag
def display_image(image, spec: str, **attributes):
    """`{% image %}` for pages: the same `<img>` tag (Wagtail's `img_tag`, with `attributes`), from
    the rendition read without writing it back to the shared cache (`rendition_for_display`)."""
    if not image:
        return ""
    return rendition_for_display(image, spec).img_tag(attributes)


def _share_image(image) -> dict | None:
    if image is None:
        return None
    rendition = rendition_for_display(image, SOCIAL_IMAGE_FILTER)
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height}


def _menu_flags(menu, path: str) -> tuple[bool, ...]:
    # An item is current when the page is at or below it.
    return tuple(path.startswith(url) for _title, url in menu)


def _render_header(chrome_values: dict, flags: tuple[bool, ...]) -> str:
    items = [
        {"title": title, "url": url, "current": current}
        for (title, url), current in zip(chrome_values["menu"], flags, strict=True)
    ]
    return render_to_string("includes/header.html", {"chrome": chrome_values, "items": items})


def _build_chrome(request, site: Site | None) -> dict:
    from cms.models import OrganisationSettings, SiteSettings  # models import this library's app

    organisation = OrganisationSettings.for_site(site) if site is not None else None
    site_settings = SiteSettings.for_site(site) if site is not None else None
    values = {
        "short_name": (organisation.short_name if organisation else "") or "Hope Works",
        "menu": [(item.title, item.url) for item in selectors.menu_items(site=site)],
        "footer": render_to_string("includes/footer.html", request=request),
        "share_image": _share_image(site_settings.default_social_image) if site_settings else None,
    }
    # The header as each page can show it: the menu items at or above a page's URL are a chain of
    # prefixes of the longest of them, so one rendering per menu item (and one for none) covers all.
    variants = {_menu_flags(values["menu"], url) for _title, url in values["menu"]}
    variants.add(tuple(False for _item in values["menu"]))
    values["headers"] = {flags: _render_header(values, flags) for flags in variants}
    return values


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """What every page's header and footer show, kept per version of the page tree (cms/chrome.py)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return _build_chrome(request, None)
    return chrome.chrome_for(site=site, build=lambda: _build_chrome(request, site))


@register.simple_tag(takes_context=True)
def site_header(context, site_chrome):
    """The header, its current menu item marked for this page's URL, from the kept renderings."""
    request = context.get("request")
    flags = _menu_flags(site_chrome["menu"], request.path if request is not None else "")
    header = site_chrome["headers"].get(flags)
    return header if header is not None else _render_header(site_chrome, flags)


@register.simple_tag(takes_context=True)
def share_image(context, page, site_chrome):
    """The page's own share image (Open Graph) if it has one, else the site's default."""
    image = getattr(page, "social_image", None) if page else None
    if image is not None:
        return _share_image(image)
    return (site_chrome or {}).get("share_image")


@register.simple_tag
def page_ancestors(page):
    """The page's ancestors below the tree root, top first. Wagtail's routing leaves each page its
    parent (`_cached_parent_obj`), so a routed page needs no query; otherwise one query."""
    chain, current = [], page
    while current.depth > 2:
        parent = getattr(current, "_cached_parent_obj", None)
        if parent is None:
            return [ancestor for ancestor in page.get_ancestors() if ancestor.depth > 1]
        chain.append(parent)
        current = parent
    return list(reversed(chain))


@register.simple_tag(takes_context=True)
def canonical_url(context, page) -> str:
    """The page's full URL, with the site lookup cached on the request like every other page URL."""
    if not isinstance(page, Page):
        return ""
    return page.get_full_url(request=context.get("request")) or ""


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

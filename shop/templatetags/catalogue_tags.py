"""The catalogue's repeated markup (product cards, category links and options), written in Python.

Django's template engine resolves a dozen variables per card through its generic lookup, and
`format_html` escapes through lazy wrappers; for a page of cards and a dozen categories that was
most of the listing's rendering time. The markup is the same as the templates wrote it
(templates/shop/includes/listing.html keeps everything around it). Every value is escaped with the
standard library's `html.escape`, which is what Django's `escape` calls."""

import functools
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.money import money_format

register = template.Library()

PLACEHOLDER = '<div class="product-card__placeholder" aria-hidden="true"></div>'
CURRENT = ' aria-current="page"'


@functools.lru_cache(maxsize=4096)
def _price_text(money, language: str) -> str:
    # Babel's currency formatting is a tenth of a listing's time; a shop has few distinct prices.
    return money_format(money)


def _card(product) -> str:
    sold_out = "" if product.has_stock else " product-card--sold-out"
    image = product.image_tag if product.image else PLACEHOLDER  # image_tag escapes its attributes
    price = (
        f'<p class="product-card__price">From {escape(_price_text(product.min_price, get_language()))}</p>'
        if product.min_price is not None
        else ""
    )
    badge = "" if product.has_stock else '<p class="badge badge--sold-out">Sold out</p>'
    maker = ""
    if product.maker_name:
        maker = f'<p class="product-card__maker">Made by {escape(product.maker_name)}</p>'
    return (
        f'\n  <li class="product-card{sold_out}">\n    <a href="{escape(product.url)}">\n      {image}\n'
        f'      <h2 class="product-card__title">{escape(product.title)}</h2>\n    </a>\n'
        f'    <p class="product-card__summary">{escape(product.summary)}</p>\n'
        f"    {price}\n    {badge}\n    {maker}\n  </li>\n  "
    )


@register.simple_tag
def product_card_items(products):
    """The <li> cards of a product grid."""
    return mark_safe("".join(_card(product) for product in products))  # every value escaped in _card


@register.simple_tag
def category_link_items(category_links, current_category_id):
    """The <li> links of the category navigation, the current one marked."""
    return mark_safe(
        "".join(
            f'<li><a href="{escape(c.url)}"{CURRENT if c.pk == current_category_id else ""}>'
            f"{escape(c.title)}</a></li>"
            for c in category_links
        )
    )


@register.simple_tag
def category_options(categories, selected_id):
    """The <option>s of the category filter, the chosen one selected."""
    return mark_safe(
        "".join(
            f'<option value="{c.pk}"{" selected" if c.pk == selected_id else ""}>{escape(c.title)}</option>'
            for c in categories
        )
    )

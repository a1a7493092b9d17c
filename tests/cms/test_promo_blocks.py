"""Product and donation promo blocks: live prices, stock and progress, only live pages, few queries."""

import pytest
from djmoney.money import Money

from cms.blocks import BodyStreamBlock, DonationPromoBlock, ProductPromoBlock
from cms.models import StandardPage
from donations.models import GiftStatus
from tests.fixtures.donation_factories import DonationFactory
from tests.fixtures.shop_factories import default_site_root, product_create


def standard_page_with(body):
    page = StandardPage(title="Shop our favourites", slug="favourites", body=body)
    default_site_root().add_child(instance=page)
    return page


def product_promo(*products, heading="Made this season"):
    return ("product_promo", {"heading": heading, "products": list(products)})


@pytest.mark.django_db
def test_product_promo_renders_cards_with_image_title_link_and_from_price(client):
    scarf = product_create(
        title="Silk scarf",
        variants=[{"price": "48.00", "stock": 3}, {"price": "36.50", "stock": 2}],
        images=1,
    )
    page = standard_page_with([product_promo(scarf)])

    html = client.get(page.url).content.decode()

    assert "Made this season" in html
    assert f'href="{scarf.url}"' in html
    assert "Silk scarf" in html
    assert "From $36.50" in html
    assert 'alt="Silk scarf photo 0"' in html
    assert "Sold out" not in html


@pytest.mark.django_db
def test_product_promo_marks_a_sold_out_product():
    sold_out = product_create(title="Beaded bracelet", stock=0)
    block = ProductPromoBlock()

    html = block.render(block.to_python({"products": [sold_out.pk]}))

    assert "Beaded bracelet" in html
    assert "Sold out" in html
    assert "product-card--sold-out" in html


@pytest.mark.django_db
def test_product_promo_leaves_out_unpublished_products_and_keeps_the_chosen_order():
    first = product_create(title="Tote bag")
    hidden = product_create(title="Draft candle", live=False)
    last = product_create(title="Journal")
    block = ProductPromoBlock()

    html = block.render(block.to_python({"products": [first.pk, hidden.pk, last.pk]}))

    assert "Draft candle" not in html
    assert html.index("Tote bag") < html.index("Journal")


@pytest.mark.django_db
def test_product_promo_renders_nothing_when_no_chosen_product_is_live():
    hidden = product_create(title="Draft candle", live=False)
    block = ProductPromoBlock()

    html = block.render(block.to_python({"heading": "Our picks", "products": [hidden.pk]}))

    assert html.strip() == ""


@pytest.mark.django_db
def test_product_promo_queries_do_not_grow_with_the_number_of_products(django_assert_max_num_queries):
    block = ProductPromoBlock()
    one = block.to_python({"products": [product_create(images=1).pk]})
    four = block.to_python({"products": [product_create(images=2).pk for _ in range(4)]})
    block.render(one)
    block.render(four)  # warm renditions, as a running site has them

    # Chosen pages, view restrictions, products, variants, images, image files, renditions (+ makers).
    with django_assert_max_num_queries(8) as captured_one:
        block.render(block.to_python({"products": [product.pk for product in one["products"]]}))
    with django_assert_max_num_queries(len(captured_one)):
        block.render(block.to_python({"products": [product.pk for product in four["products"]]}))


@pytest.mark.django_db
def test_donation_promo_shows_campaign_progress_and_links_to_the_page(client, donation_page):
    DonationFactory(campaign=donation_page.campaign, amount=Money(2500, "USD"), status=GiftStatus.PAID)
    page = standard_page_with(
        [
            (
                "donation_promo",
                {
                    "page": donation_page,
                    "heading": "Fund a counselor",
                    "text": "Every gift helps.",
                    "button_label": "Give today",
                },
            )
        ]
    )

    html = client.get(page.url).content.decode()

    assert "Fund a counselor" in html
    assert 'role="progressbar"' in html
    assert "raised of $10,000 goal" in html
    assert "1 donor" in html
    assert f'href="{donation_page.url}">Give today</a>' in html


@pytest.mark.django_db
def test_donation_promo_is_left_out_while_the_donation_page_is_not_live(donation_page):
    donation_page.unpublish()
    block = DonationPromoBlock()

    html = block.render(
        block.to_python({"page": donation_page.pk, "heading": "Fund a counselor", "button_label": "Give"})
    )

    assert html.strip() == ""


def test_standard_and_home_page_editors_offer_both_promo_blocks():
    from cms.models import HomePage

    for model in (StandardPage, HomePage):
        offered = model._meta.get_field("body").stream_block.child_blocks
        assert isinstance(offered["product_promo"], ProductPromoBlock)
        assert isinstance(offered["donation_promo"], DonationPromoBlock)
    assert "product_promo" in BodyStreamBlock.base_blocks

"""`seed_demo` builds a site someone can click through, and running it again changes nothing."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page, Site

from cms.models import EducationPage, FormPage, HomePage, ImpactPage, OrganisationSettings, SiteSettings


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_twice_leaves_the_same_row_counts():
    seed()
    first = row_counts()

    seed()

    assert row_counts() == first


@pytest.mark.django_db
def test_seed_demo_replaces_the_welcome_page_with_a_home_page_and_its_sections(client):
    seed()

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    children = {page.slug: page.specific_class for page in home.get_children().live()}
    assert children["about"].__name__ == "StandardPage"
    assert children["get-educated"] is EducationPage
    assert children["impact"] is ImpactPage
    assert children["contact"] is FormPage
    assert children["host-an-event"].__name__ == "InquiryPage"
    for path in ["/", "/about/", "/get-educated/", "/impact/", "/contact/", "/host-an-event/"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_seed_demo_fills_settings_with_a_fictional_organisation_and_the_real_hotline():
    seed()

    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    chrome = SiteSettings.for_site(site)
    assert organisation.ein == "12-3456789"
    assert "fictional" in organisation.legal_name
    assert chrome.hotline_phone == "1-888-373-7888"
    assert chrome.hotline_sms == "233733"


@pytest.mark.django_db
def test_seed_demo_generates_its_own_images():
    seed()

    images = Image.objects.filter(title__startswith="Demo: ")
    assert images.count() == 3
    assert all(image.width == 1200 and image.height == 800 for image in images)
    for image in images:  # drawn pictures (gradients, shapes), not flat colour fills
        with image.open_file() as handle:
            colours = PILImage.open(handle).convert("RGB").getcolors(maxcolors=1_000_000)
        assert len(colours) > 500


@pytest.mark.django_db
def test_seed_demo_prints_a_demo_login_only_when_local_settings_allow_it(settings):
    settings.SHOW_DEMO_LOGIN = False
    assert "password" not in seed()
    assert not get_user_model().objects.filter(username="admin").exists()

    settings.SHOW_DEMO_LOGIN = True
    output = seed()

    assert "password hopeworks-demo" in output
    assert get_user_model().objects.get(username="admin").check_password("hopeworks-demo")


@pytest.mark.django_db
def test_seeded_home_page_shows_live_ledger_figures_and_the_ways_in(client):
    seed()

    html = client.get("/").content.decode()

    assert "What your purchases and gifts have funded" in html
    assert "hours of survivor wages" in html  # the demo postings, read from the ledger
    assert 'href="/get-educated/"' in html
    assert 'href="/impact/"' in html

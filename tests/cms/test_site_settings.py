"""Site settings: legal data is validated; the hotline numbers become working links."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from cms.models import OrganisationSettings, SiteSettings


@pytest.mark.django_db
@pytest.mark.parametrize("ein", ["123456789", "12-34567", "AB-1234567", "12-3456789<script>"])
def test_an_ein_that_is_not_two_digits_dash_seven_digits_is_rejected(home_page, ein):
    organisation = OrganisationSettings.for_site(Site.objects.get(root_page=home_page))
    organisation.ein = ein

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert "Enter the EIN as 12-3456789." in str(error.value)


@pytest.mark.django_db
def test_a_well_formed_ein_and_signatory_are_accepted_and_exposed_for_receipts(home_page):
    organisation = OrganisationSettings.for_site(Site.objects.get(root_page=home_page))
    organisation.ein = "12-3456789"
    organisation.receipt_signatory_name = "Dana Example"

    organisation.full_clean()

    assert organisation.receipt_signatory == "Dana Example"


@pytest.mark.django_db
def test_hotline_numbers_become_tel_and_sms_links_and_junk_is_rejected(home_page):
    chrome = SiteSettings.for_site(Site.objects.get(root_page=home_page))
    chrome.hotline_phone = "+1 (888) 373-7888"
    chrome.hotline_sms = "233733"

    assert chrome.hotline_phone_href == "tel:+18883737888"
    assert chrome.hotline_sms_href == "sms:233733"

    chrome.hotline_phone = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        chrome.full_clean()


@pytest.mark.django_db
def test_a_radio_question_is_grouped_in_a_fieldset_with_a_legend(client, home_page):
    from cms.models import FormField, FormPage

    page = FormPage(title="Volunteer", slug="volunteer")
    page.form_fields = [
        FormField(sort_order=0, label="Preferred day", field_type="radio", required=True, choices="Mon\nTue")
    ]
    home_page.add_child(instance=page)
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert "<legend>Preferred day" in html
    assert 'type="radio"' in html

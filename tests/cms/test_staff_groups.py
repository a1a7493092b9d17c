"""Staff groups: each sees and edits only its own area; Editors never see personal data."""

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Site

STAFF_GROUPS = ["Editors", "Shop managers", "Development", "Finance"]


def refused(response) -> bool:
    """Wagtail answers a missing permission with 403 or a redirect away (to the dashboard or login)."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and (
        response.url.rstrip("/") in ("/admin", "") or "/login/" in response.url
    )


@pytest.fixture
def submission(make_form_page):
    page = make_form_page(slug="contact")
    FormSubmission.objects.create(page=page, form_data={"your_name": "Private Person", "message": "Call me"})
    return page


def settings_url(model_name):
    return f"/admin/settings/cms/{model_name}/{Site.objects.get(is_default_site=True).pk}/"


@pytest.mark.django_db
def test_the_four_staff_groups_exist_and_each_may_enter_the_admin():
    for name in STAFF_GROUPS:
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_an_editor_edits_pages_images_documents_and_the_public_site_settings(client, home_page, staff_user):
    client.force_login(staff_user("Editors"))

    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{home_page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/cms/standardpage/{home_page.pk}/").status_code == 200
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/images/multiple/add/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200
    assert client.get("/admin/documents/multiple/add/").status_code == 200
    assert client.get(settings_url("sitesettings")).status_code == 200


@pytest.mark.django_db
def test_an_editor_can_publish_a_page(client, home_page, staff_user):
    editor = staff_user("Editors")

    assert home_page.permissions_for_user(editor).can_publish()


@pytest.mark.django_db
def test_an_editor_cannot_read_form_submissions_or_legal_settings_or_users(client, submission, staff_user):
    client.force_login(staff_user("Editors"))

    # The form page itself is editable: Editors build forms...
    assert client.get(f"/admin/pages/{submission.pk}/edit/").status_code == 200
    # ...but what visitors sent is personal data.
    assert refused(client.get(f"/admin/forms/submissions/{submission.pk}/"))
    assert refused(client.get(f"/admin/forms/submissions/{submission.pk}/?export=csv"))
    assert "Private Person" not in client.get("/admin/forms/").content.decode()
    assert "Private Person" not in client.get(f"/admin/pages/{submission.pk}/edit/").content.decode()
    assert refused(client.get(settings_url("organisationsettings")))
    assert refused(client.get("/admin/users/"))
    assert refused(client.get("/admin/groups/"))


@pytest.mark.django_db
def test_development_reads_submissions_and_edits_legal_settings_but_not_pages(client, submission, staff_user):
    client.force_login(staff_user("Development"))

    listing = client.get(f"/admin/forms/submissions/{submission.pk}/")
    assert listing.status_code == 200
    assert "Private Person" in listing.content.decode()
    assert client.get(settings_url("organisationsettings")).status_code == 200
    assert refused(client.get(f"/admin/pages/{submission.pk}/edit/"))
    assert refused(client.get(settings_url("sitesettings")))


@pytest.mark.django_db
def test_finance_edits_legal_settings_but_sees_no_submissions_or_pages(client, submission, staff_user):
    client.force_login(staff_user("Finance"))

    assert client.get(settings_url("organisationsettings")).status_code == 200
    assert refused(client.get(f"/admin/forms/submissions/{submission.pk}/"))
    assert refused(client.get(f"/admin/pages/{submission.pk}/edit/"))


@pytest.mark.django_db
def test_shop_managers_see_no_submissions_legal_settings_or_content_pages(client, submission, staff_user):
    client.force_login(staff_user("Shop managers"))

    assert client.get("/admin/").status_code == 200
    assert refused(client.get(f"/admin/forms/submissions/{submission.pk}/"))
    assert refused(client.get(settings_url("organisationsettings")))
    assert refused(client.get(f"/admin/pages/{submission.pk}/edit/"))


@pytest.mark.django_db
def test_a_user_in_no_group_cannot_enter_the_admin(client, home_page, django_user_model):
    user = django_user_model.objects.create_user(username="visitor", password="pw-visitor-123")
    client.force_login(user)

    assert refused(client.get("/admin/"))


@pytest.mark.django_db
def test_only_staff_who_may_read_submissions_choose_where_the_notification_email_goes(
    client, submission, staff_user, admin_user
):
    client.force_login(staff_user("Editors"))
    editor_form = client.get(f"/admin/pages/{submission.pk}/edit/").content.decode()
    client.force_login(admin_user)
    admin_form = client.get(f"/admin/pages/{submission.pk}/edit/").content.decode()

    assert 'name="to_address"' not in editor_form
    assert 'name="to_address"' in admin_form


@pytest.mark.django_db
def test_an_editor_saving_a_form_page_cannot_redirect_its_notification_email(client, submission, staff_user):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(staff_user("Editors"))
    data = nested_form_data(
        {
            "title": "Contact us",
            "slug": "contact",
            "purpose": "contact",
            "intro": rich_text(""),
            "thank_you_text": rich_text(""),
            "submit_label": "Send",
            "to_address": "editor@example.org",
            "form_fields": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )

    response = client.post(f"/admin/pages/{submission.pk}/edit/", data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    submission.refresh_from_db()
    assert submission.title == "Contact us"  # the edit itself went through
    assert submission.to_address == "team@example.org"

"""Page types: where each may live, that editors can create them, and that they render."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import EducationPage, FormPage, HomePage, ImpactPage, StandardPage


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.objects.get(depth=1)
        site = Site.objects.get(is_default_site=True)
        welcome = site.root_page
        site.root_page = root
        site.save()
        welcome.delete()
        cls.home = HomePage(title="Home", slug="home", hero_heading="Made with hope")
        root.add_child(instance=cls.home)
        cls.home.save_revision().publish()
        site.root_page = cls.home
        site.save()
        cls.standard = StandardPage(title="About", slug="about", intro="Who we are")
        cls.home.add_child(instance=cls.standard)
        cls.education = EducationPage(title="Get educated", slug="get-educated", intro="Learn the signs")
        cls.home.add_child(instance=cls.education)
        cls.impact = ImpactPage(title="Impact", slug="impact", intro="Live figures")
        cls.home.add_child(instance=cls.impact)

    def setUp(self):
        self.login()

    def test_home_page_lives_only_at_the_root_and_only_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)
        # max_count = 1: a second home page cannot be added even at the root.
        assert not HomePage.can_create_at(Page.get_first_root_node())

    def test_content_pages_can_be_added_under_home(self):
        for child in (StandardPage, EducationPage, ImpactPage, FormPage):
            self.assertCanCreateAt(HomePage, child)

    def test_leaf_pages_take_no_unexpected_children(self):
        self.assertAllowedSubpageTypes(FormPage, set())
        self.assertAllowedSubpageTypes(ImpactPage, {StandardPage})
        self.assertAllowedSubpageTypes(EducationPage, {EducationPage, StandardPage})
        self.assertAllowedParentPageTypes(ImpactPage, {HomePage, StandardPage})
        self.assertAllowedParentPageTypes(FormPage, {HomePage, StandardPage})

    def test_editor_can_create_a_standard_page_with_a_stream_body(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Our story",
                    "slug": "our-story",
                    "intro": "Since 2012",
                    "body": streamfield(
                        [
                            ("heading", {"text": "How it started", "level": "h2"}),
                            ("paragraph", rich_text("<p>With one candle.</p>")),
                            ("quote", {"quote": "Hope works.", "attribution": "A maker"}),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="our-story")
        assert [block.block_type for block in page.body] == ["heading", "paragraph", "quote"]

    def test_editor_can_create_an_education_page(self):
        self.assertCanCreate(
            self.home,
            EducationPage,
            nested_form_data(
                {
                    "title": "Signs",
                    "slug": "signs",
                    "intro": "What to look for",
                    "show_hotline": "on",
                    "body": streamfield(
                        [("section", {"heading": "Signs", "anchor": "signs", "body": rich_text("<p>x</p>")})]
                    ),
                }
            ),
        )

    def edit_data(self):
        # StreamFields are built by JavaScript in the admin, so the edit POST is spelled out here.
        common = {"body": streamfield([]), "show_in_menus": "on"}
        for page, extra in (
            (self.home, {"hero_heading": "Edited hero"}),
            (self.standard, {"intro": "Edited"}),
            (self.education, {"intro": "Edited", "show_hotline": "on"}),
            (self.impact, {"intro": "Edited"}),
        ):
            yield page, nested_form_data({"title": page.title, "slug": page.slug, **common, **extra})

    def test_every_page_type_renders_and_is_previewable(self):
        for page, data in self.edit_data():
            self.assertPageIsRenderable(page)
            self.assertPageIsPreviewable(page, post_data=data)

    def test_every_page_type_is_editable(self):
        for page, data in self.edit_data():
            self.assertPageIsEditable(page, post_data={**data, "action-publish": ""})

    def test_home_page_shows_its_hero(self):
        response = self.client.get("/")
        self.assertContains(response, '<h1 id="hero-heading">Made with hope</h1>', html=False)
        self.assertTemplateUsed(response, "cms/home_page.html")

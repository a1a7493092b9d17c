from cms.models.forms import FormField, FormPage
from cms.models.pages import EducationPage, HomePage, ImpactPage, SocialImageMixin, StandardPage
from cms.models.settings import OrganisationSettings, SiteSettings

__all__ = [
    "EducationPage",
    "FormField",
    "FormPage",
    "HomePage",
    "ImpactPage",
    "OrganisationSettings",
    "SiteSettings",
    "SocialImageMixin",
    "StandardPage",
]

from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """The Stripe boundary: checkout, webhooks, refunds, demo gateway."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = "Payments"

    def ready(self):
        from payments import checks  # noqa: F401 - registers the system checks

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    """Customers (the tenants), their sites, contacts and memberships."""

    name = "netcare.customers"
    label = "customers"
    verbose_name = _("Customers")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    """The yearly daily-maintenance guide (日常维护指导)."""

    name = "netcare.guides"
    label = "guides"
    verbose_name = _("Maintenance guides")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    """Return visits, surveys and satisfaction results (回访与满意度调查)."""

    name = "netcare.satisfaction"
    label = "satisfaction"
    verbose_name = _("Satisfaction")
    default_auto_field = "django.db.models.BigAutoField"

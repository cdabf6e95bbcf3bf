from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssuranceConfig(AppConfig):
    """Change assurance and critical-period assurance (变更保障, 关键时刻保障)."""

    name = "netcare.assurance"
    label = "assurance"
    verbose_name = _("Assurance")
    default_auto_field = "django.db.models.BigAutoField"

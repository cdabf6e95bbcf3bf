from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    """The service plan document and holiday care (客户服务计划, 专属服务关怀)."""

    name = "netcare.care"
    label = "care"
    verbose_name = _("Care")
    default_auto_field = "django.db.models.BigAutoField"

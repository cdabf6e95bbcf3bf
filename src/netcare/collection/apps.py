from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    """Device data collection: jobs, raw outputs, parsing, SSH and archives."""

    name = "netcare.collection"
    label = "collection"
    verbose_name = _("Collection")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    """Software lifecycle (版本管理与评估): releases, advisories, exposures, assessments."""

    name = "netcare.lifecycle"
    label = "lifecycle"
    verbose_name = _("Software lifecycle")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netcare.notifications.kinds import register

        register("new_exposures", _("Devices newly exposed to an advisory"))
        from netcare.lifecycle import signals

        signals.connect()

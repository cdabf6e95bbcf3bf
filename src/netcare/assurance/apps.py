"""Change assurance and critical-period assurance (变更保障, 关键时刻保障)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssuranceConfig(AppConfig):
    """Change assurance and critical-period assurance (变更保障, 关键时刻保障)."""

    name = "netcare.assurance"
    label = "assurance"
    verbose_name = _("Assurance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netcare.notifications.kinds import register

        register("change_reviewer_named", _("You are named to review a change plan"))
        register("change_approved", _("Every required reviewer approved a change plan"))
        register("change_rejected", _("A reviewer rejected a change plan"))

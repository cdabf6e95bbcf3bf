"""Technical proposal assessment and technology workshops (技术方案协助评估, 前沿技术方案研讨)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultingConfig(AppConfig):
    """Proposal assessment and technology workshops (技术方案协助评估, 前沿技术方案研讨)."""

    name = "netcare.consulting"
    label = "consulting"
    verbose_name = _("Consulting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netcare.notifications.kinds import register

        register("consulting_reviewer_assigned", _("You were assigned to review a proposal"))
        register("consulting_expert_booked", _("You were booked for a technology workshop"))

"""Document library and exclusive document packages (高端客户专属资料分享)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The django-q2 schedule that proposes packages ahead of document pushes.
PACKAGE_SCHEDULE = "netcare-doc-packages"
PACKAGE_FUNC = "netcare.knowledge.tasks.propose_packages"


class KnowledgeConfig(AppConfig):
    """Document library and exclusive document packages (高端客户专属资料分享)."""

    name = "netcare.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from netcare.notifications.kinds import register

        register("doc_package_proposed", _("A document package is proposed for review"))
        post_migrate.connect(_ensure_schedule, sender=self, dispatch_uid="netcare_knowledge")


def _ensure_schedule(**kwargs: object) -> None:
    """Create (or repair) the daily schedule; the work is idempotent."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=PACKAGE_SCHEDULE,
        defaults={"func": PACKAGE_FUNC, "schedule_type": Schedule.DAILY, "repeats": -1},
    )

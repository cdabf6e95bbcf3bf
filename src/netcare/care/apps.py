from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The django-q2 schedule that tells the account manager each morning of the care
#: touches due in the next days.
CARE_SCHEDULE = "netcare-care-due"
CARE_FUNC = "netcare.care.tasks.care_due"


class CareConfig(AppConfig):
    """The service plan document and holiday care (客户服务计划, 专属服务关怀)."""

    name = "netcare.care"
    label = "care"
    verbose_name = _("Care")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from netcare.notifications.kinds import register

        register("care_due", _("Holiday care due soon"))
        post_migrate.connect(_ensure_schedule, sender=self, dispatch_uid="netcare_care_due")


def _ensure_schedule(**kwargs: object) -> None:
    """Create (or repair) the daily care reminder; it tells each obligation once."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=CARE_SCHEDULE,
        defaults={"func": CARE_FUNC, "schedule_type": Schedule.DAILY, "repeats": -1},
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The django-q2 schedule that turns findings of expired marks back on every day.
MARK_EXPIRY_SCHEDULE = "netcare-mark-expiry"
MARK_EXPIRY_FUNC = "netcare.inspection.tasks.expire_marks"


class InspectionConfig(AppConfig):
    """Inspections (巡检), findings and their marks, hardening plans (加固方案)."""

    name = "netcare.inspection"
    label = "inspection"
    verbose_name = _("Inspection")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from netcare.notifications.kinds import register

        register("inspection_findings", _("New critical or major inspection findings"))
        post_migrate.connect(
            _ensure_schedule, sender=self, dispatch_uid="netcare_inspection_mark_expiry"
        )


def _ensure_schedule(**kwargs: object) -> None:
    """Create (or repair) the daily mark-expiry schedule; idempotent after every migrate.

    An expired mark turns its findings back on the day it expires, not only at the
    next inspection.
    """
    from django_q.models import Schedule

    schedule, created = Schedule.objects.get_or_create(
        name=MARK_EXPIRY_SCHEDULE,
        defaults={"func": MARK_EXPIRY_FUNC, "schedule_type": Schedule.DAILY, "repeats": -1},
    )
    if not created and (schedule.func, schedule.schedule_type) != (
        MARK_EXPIRY_FUNC,
        Schedule.DAILY,
    ):
        schedule.func = MARK_EXPIRY_FUNC
        schedule.schedule_type = Schedule.DAILY
        schedule.save(update_fields=["func", "schedule_type"])

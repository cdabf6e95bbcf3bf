"""Admin views of care records, read-only: plan documents, touches and message wording
change only through the services, so every change is validated and audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netcare.care.models import CareMessage, CareTouch, PlanDocument


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PlanDocument)
class PlanDocumentAdmin(ReadOnly):
    list_display = ("customer", "plan", "version", "plan_revision", "deliverable", "created")
    list_filter = ("customer",)


@admin.register(CareTouch)
class CareTouchAdmin(ReadOnly):
    list_display = ("customer", "obligation", "people", "channel", "state", "touched_at", "by")
    list_filter = ("customer", "channel", "state")


@admin.register(CareMessage)
class CareMessageAdmin(ReadOnly):
    list_display = ("customer", "channel", "language", "updated", "updated_by")
    list_filter = ("customer", "channel", "language")

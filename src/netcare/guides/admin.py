"""Admin views of maintenance guides, read-only: editions and custom sections change
only through the services, so every change is validated and audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netcare.guides.models import GuideSection, MaintenanceGuide


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MaintenanceGuide)
class MaintenanceGuideAdmin(ReadOnly):
    list_display = ("customer", "year", "state", "generated_at", "published_at")
    list_filter = ("state",)


@admin.register(GuideSection)
class GuideSectionAdmin(ReadOnly):
    list_display = ("customer", "title_zh", "expert_agreed_at", "customer_agreed_at")

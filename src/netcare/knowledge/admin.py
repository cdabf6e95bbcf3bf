"""Admin views of knowledge records, read-only: every change goes through the services
(library saves and imports, profiles, package review and push) so it is validated and
audited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netcare.knowledge.models import (
    CustomerProfile,
    DocPackage,
    Document,
    DocumentImport,
    PackageItem,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ["slug", "title_zh", "kind", "platform", "language", "revision", "updated"]
    list_filter = ["kind", "platform", "language"]
    search_fields = ["slug", "title_zh", "title_en"]


@admin.register(DocumentImport)
class DocumentImportAdmin(ReadOnly):
    list_display = ["id", "source", "state", "created"]
    list_filter = ["state"]


@admin.register(CustomerProfile)
class CustomerProfileAdmin(ReadOnly):
    list_display = ["customer", "language", "updated"]


class PackageItemInline(admin.TabularInline):
    model = PackageItem
    extra = 0
    fields = ["document", "revision", "included", "origin", "resent"]
    readonly_fields = ["document", "revision", "included", "origin", "resent"]
    can_delete = False


@admin.register(DocPackage)
class DocPackageAdmin(ReadOnly):
    list_display = ["id", "customer", "state", "created", "pushed_at"]
    list_filter = ["state"]
    inlines = [PackageItemInline]

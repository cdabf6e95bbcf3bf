from django.contrib import admin

from netcare.delivery.models import ContactLog, Obligation, ServicePlan, ServiceRequest


@admin.register(ServicePlan)
class ServicePlanAdmin(admin.ModelAdmin):
    list_display = ["contract", "customer", "state", "revision", "confirmed_by", "confirmed_at"]
    list_filter = ["state"]


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["due", "customer", "title_zh", "kind", "lead", "owner", "state"]
    list_filter = ["state", "kind", "lead"]
    search_fields = ["title_zh", "title_en", "customer__code"]


@admin.register(ContactLog)
class ContactLogAdmin(admin.ModelAdmin):
    list_display = ["date", "customer", "role", "author", "channel", "purpose"]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["raised_at", "customer", "kind", "title", "routed_to", "state"]
    list_filter = ["state", "kind"]

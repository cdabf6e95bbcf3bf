from django.contrib import admin

from netcare.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "recipient", "kind", "subject", "read_at", "email_state"]
    list_filter = ["kind", "email_state"]
    search_fields = ["subject", "recipient__username", "key"]
    readonly_fields = ["recipient", "customer", "kind", "key", "subject", "body", "link"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "email", "remind_days_before"]

from django.contrib import admin

from netcare.customers.models import Contact, Customer, Membership, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "industry", "country", "subdivision"]
    search_fields = ["code", "name_zh", "name_en"]
    list_filter = ["industry", "country"]
    inlines = [SiteInline, ContactInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "customer", "role", "created"]
    list_filter = ["role", "customer"]
    search_fields = ["user__username", "customer__code"]
    autocomplete_fields = ["user"]

"""API for customers, sites, contacts and memberships."""

from __future__ import annotations

from rest_framework import serializers

from netcare.core.rest import (
    PersonNameField,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisiblePrimaryKeyRelatedField,
    customer_for_write,
)
from netcare.customers import services
from netcare.customers.models import Contact, Customer, Membership, Site


class CustomerSerializer(serializers.ModelSerializer[Customer]):
    class Meta:
        model = Customer
        fields = [
            "id",
            "code",
            "name_zh",
            "name_en",
            "industry",
            "country",
            "subdivision",
            "time_zone",
        ]


class SiteSerializer(serializers.ModelSerializer[Site]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Site
        fields = ["id", "customer", "name", "kind", "city", "address"]


class ContactSerializer(serializers.ModelSerializer[Contact]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    site = VisiblePrimaryKeyRelatedField(
        queryset=Site.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "customer",
            "name",
            "title",
            "phone",
            "email",
            "wechat_id",
            "preferred_channel",
            "site",
            "is_primary",
        ]


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = PersonNameField(source="user")
    email = serializers.CharField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "customer", "username", "full_name", "email", "role", "created"]


class CustomerViewSet(TenantReadOnlyViewSet):
    """Customers the caller may see: own company, held memberships, or all for admins."""

    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer
    filterset_fields = ["code", "industry", "country"]
    search_fields = ["code", "name_zh", "name_en"]
    lookup_value_regex = r"\d+"


class SiteViewSet(TenantModelViewSet):
    queryset = Site.objects.all()
    serializer_class = SiteSerializer
    select_related = ("customer",)
    filterset_fields = ["kind", "city", "customer__code"]
    search_fields = ["name", "city", "address"]

    def perform_create(self, serializer: SiteSerializer) -> None:  # type: ignore[override]
        customer = customer_for_write(self.request)
        serializer.instance = services.do_add_site(
            customer, actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: SiteSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        services.do_update_site(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Site) -> None:
        services.do_delete_site(instance, actor=self.request.user)


class ContactViewSet(TenantModelViewSet):
    queryset = Contact.objects.all()
    serializer_class = ContactSerializer
    select_related = ("customer", "site")
    filterset_fields = ["preferred_channel", "is_primary", "customer__code"]
    search_fields = ["name", "title", "email", "phone"]

    def perform_create(self, serializer: ContactSerializer) -> None:  # type: ignore[override]
        customer = customer_for_write(self.request)
        serializer.instance = services.do_add_contact(
            customer, actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: ContactSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        services.do_update_contact(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Contact) -> None:
        services.do_delete_contact(instance, actor=self.request.user)


class MembershipViewSet(TenantReadOnlyViewSet):
    """Who serves and who represents each visible customer (the team)."""

    queryset = Membership.objects.all()
    serializer_class = MembershipSerializer
    select_related = ("customer", "user")
    filterset_fields = ["role", "customer__code"]


ROUTES = [
    ("customers", CustomerViewSet, "customer"),
    ("sites", SiteViewSet, "site"),
    ("contacts", ContactViewSet, "contact"),
    ("memberships", MembershipViewSet, "membership"),
]

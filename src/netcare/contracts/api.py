"""API for contracts, entitlements and the quota ledger."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.contracts import services
from netcare.contracts.models import Contract, Entitlement, LedgerEntry
from netcare.core.rest import (
    PersonNameField,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    VisiblePrimaryKeyRelatedField,
)


class AssignmentSerializer(serializers.Serializer[Any]):
    role = serializers.CharField()
    username = serializers.CharField(source="user.username")
    full_name = PersonNameField(source="user")
    email = serializers.CharField(source="user.email")
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class ContractSerializer(serializers.ModelSerializer[Contract]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "customer",
            "number",
            "level",
            "start",
            "end",
            "status",
            "signed_on",
            "manual_collection_counts",
            "critical_period_counts",
            "assignments",
        ]


class QuotaField(serializers.Field[Any, Any, Any, Any]):
    """Granted / used / left for the current contract year (null for items without quota)."""

    def __init__(self) -> None:
        super().__init__(source="*", read_only=True)

    def to_representation(self, entitlement: Entitlement) -> dict[str, Any] | None:
        if not entitlement.has_quota:
            return None
        quota = services.quota_status(entitlement)
        return {
            "contract_year": quota.period.index,
            "period_start": quota.period.start,
            "period_end": quota.period.end,
            "quota": str(quota.quota),
            "used": str(quota.used),
            "left": str(quota.left),
            "unit": quota.unit,
        }


class EntitlementSerializer(serializers.ModelSerializer[Entitlement]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    contract = serializers.SlugRelatedField[Any](slug_field="number", read_only=True)
    item = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    item_number = serializers.IntegerField(source="item.number", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    quota = QuotaField()

    class Meta:
        model = Entitlement
        fields = [
            "id",
            "customer",
            "contract",
            "item",
            "item_number",
            "item_name",
            "enabled",
            "cadence_every",
            "cadence_unit",
            "quota_amount",
            "quota_unit",
            "quota_per",
            "travel_included",
            "final_year_quota",
            "note",
            "quota",
        ]


class LedgerEntrySerializer(serializers.ModelSerializer[LedgerEntry]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    entitlement = VisiblePrimaryKeyRelatedField(queryset=Entitlement.objects.all())
    engineer = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "customer",
            "entitlement",
            "date",
            "amount",
            "unit",
            "hours_onsite",
            "hours_travel",
            "travel_included",
            "engineer",
            "description",
            "approval_note",
        ]
        read_only_fields = ["unit", "travel_included", "approval_note"]
        extra_kwargs = {"amount": {"required": False}}


class ContractViewSet(TenantReadOnlyViewSet):
    queryset = Contract.objects.all()
    serializer_class = ContractSerializer
    select_related = ("customer",)
    filterset_fields = ["status", "level", "customer__code"]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("assignments__user")


class EntitlementViewSet(TenantModelViewSet):
    """Entitlements; admins change cadence and quota per contract with PATCH."""

    queryset = Entitlement.objects.all()
    serializer_class = EntitlementSerializer
    select_related = ("customer", "contract", "item")
    filterset_fields = ["contract__number", "customer__code", "item__code", "enabled"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("ledger")

    def perform_update(self, serializer: EntitlementSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        services.do_update_entitlement(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )


class LedgerViewSet(TenantModelViewSet):
    """Quota use; staff record a visit with hours (person-days follow) or an amount."""

    queryset = LedgerEntry.objects.all()
    serializer_class = LedgerEntrySerializer
    select_related = ("customer", "engineer", "entitlement")
    filterset_fields = ["entitlement", "customer__code", "unit"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entry = services.do_record_usage(
            data.pop("entitlement"), actor=request.user, engineer=request.user, **data
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("contracts", ContractViewSet, "contract"),
    ("entitlements", EntitlementViewSet, "entitlement"),
    ("ledger", LedgerViewSet, "ledger"),
]

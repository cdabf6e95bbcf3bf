"""API for installed devices (with modules and version history) and device credentials.

Credentials' secrets are write-only: answers say ``has_password: true`` and never
carry the secret or its ciphertext. Customer users see their devices but neither the
credentials nor which credential a device uses.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.api.schema import answer_or_refusal
from netcare.core import access
from netcare.core.rest import (
    CatalogSlugRelatedField,
    TenantModelViewSet,
    VisiblePrimaryKeyRelatedField,
    customer_for_write,
)
from netcare.customers.models import Customer, Site
from netcare.inventory import services
from netcare.inventory.models import Credential, Device, Module, Platform, VersionChange


class ModuleSerializer(serializers.ModelSerializer[Module]):
    class Meta:
        model = Module
        fields = ["id", "slot", "model", "serial", "description"]


class VersionChangeSerializer(serializers.ModelSerializer[VersionChange]):
    class Meta:
        model = VersionChange
        fields = ["id", "version", "previous_version", "seen_at", "source"]


class DeviceSerializer(serializers.ModelSerializer[Device]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    site = VisiblePrimaryKeyRelatedField(
        queryset=Site.objects.all(), required=False, allow_null=True
    )
    # Method fields, not CharField(source="site.name", default=""): DRF skips a default
    # in a PATCH answer, which then lacks the name of a cleared site.
    site_name = serializers.SerializerMethodField()
    platform = CatalogSlugRelatedField(slug_field="slug", queryset=Platform.objects.all())
    credential = VisiblePrimaryKeyRelatedField(
        queryset=Credential.objects.all(), required=False, allow_null=True
    )
    credential_name = serializers.SerializerMethodField()

    class Meta:
        model = Device
        fields = [
            "id",
            "customer",
            "hostname",
            "management_address",
            "ssh_port",
            "platform",
            "model",
            "serial",
            "software_version",
            "site",
            "site_name",
            "role",
            "status",
            "last_collected",
            "ssh_host_key",
            "credential",
            "credential_name",
        ]
        read_only_fields = ["last_collected", "ssh_host_key"]
        # Which credential a device uses is the vendor staff's business only.
        staff_only_fields = ["credential", "credential_name"]
        # Hostname uniqueness per customer is checked by the service (the customer is
        # not a serializer field), so DRF's own unique-together check stays out.
        validators: list[Any] = []

    def get_site_name(self, device: Device) -> str:
        return device.site.name if device.site else ""

    def get_credential_name(self, device: Device) -> str:
        return device.credential.name if device.credential else ""

    def to_representation(self, instance: Device) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not access.is_staff_for(request.user, instance.customer_id):
            for name in self.Meta.staff_only_fields:
                data.pop(name, None)
        return data


class DeviceDetailSerializer(DeviceSerializer):
    modules = ModuleSerializer(many=True, read_only=True)
    version_changes = VersionChangeSerializer(many=True, read_only=True)

    class Meta(DeviceSerializer.Meta):
        fields = [*DeviceSerializer.Meta.fields, "modules", "version_changes"]


@extend_schema_serializer(component_name="DeviceImport")
class ImportRequestSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    customer = serializers.CharField()
    dry_run = serializers.BooleanField(default=False)


class ImportIssueSerializer(serializers.Serializer[Any]):
    column = serializers.CharField()
    message = serializers.CharField()


class ImportRowSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField()
    hostname = serializers.CharField()
    action = serializers.ChoiceField(choices=["created", "updated", "unchanged", "refused"])
    issues = ImportIssueSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


class ImportReportSerializer(serializers.Serializer[Any]):
    """The row-by-row answer of a device list import (``ImportResult.as_dict``)."""

    file = serializers.CharField()
    customer = serializers.CharField()
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField()
    ok = serializers.BooleanField()
    stored_as = serializers.CharField()
    encoding = serializers.CharField()
    error = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    notes = serializers.ListField(child=serializers.CharField())
    rows = ImportRowSerializer(many=True)


class DeviceFilter(django_filters.FilterSet):
    platform = django_filters.CharFilter(field_name="platform__slug")

    class Meta:
        model = Device
        fields = ["customer__code", "site", "platform", "role", "status"]


class DeviceViewSet(TenantModelViewSet):
    """Installed devices of the customers the caller may see; writes by device managers."""

    queryset = Device.objects.all()
    serializer_class = DeviceSerializer
    select_related = ("customer", "site", "platform", "credential")
    filterset_class = DeviceFilter
    search_fields = ["hostname", "management_address", "serial", "model", "software_version"]
    ordering_fields = ["hostname", "management_address", "role", "status", "last_collected"]

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("modules", "version_changes")
        return queryset

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return DeviceDetailSerializer
        if self.action == "import_file":
            return ImportRequestSerializer
        return DeviceSerializer

    def perform_create(self, serializer: DeviceSerializer) -> None:  # type: ignore[override]
        customer = customer_for_write(self.request)
        serializer.instance = services.do_create_device(
            customer, actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: DeviceSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        services.do_update_device(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Device) -> None:
        services.do_delete_device(instance, actor=self.request.user)

    @extend_schema(request=None, responses=DeviceSerializer)
    @action(detail=True, methods=["post"], url_path="forget-host-key", url_name="forget-host-key")
    def forget_host_key(self, request: Request, pk: str | None = None) -> Response:
        """Clear the pinned SSH host key of a replaced device (collectors only)."""
        device = services.do_forget_host_key(self.get_object(), actor=request.user)
        return Response(DeviceSerializer(device, context={"request": request}).data)

    @extend_schema(
        request=ImportRequestSerializer,
        responses={200: ImportReportSerializer, 400: answer_or_refusal("ImportReport")},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request: Request) -> Response:
        """Import a CSV/XLSX device list (multipart ``file``, ``customer`` code, ``dry_run``).

        200 with the row report when every row is accepted; 400 with the same report,
        and nothing written, when a row or the file is refused.
        """
        customer = customer_for_write(request)
        if not services.may_manage_devices(request.user, customer):
            raise PermissionDenied("not allowed: manage_devices")
        form = ImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        result = services.do_import_devices(
            customer,
            filename=upload.name,
            data=upload.read(),
            dry_run=form.validated_data["dry_run"],
            actor=request.user,
        )
        return Response(result.as_dict(), status=200 if result.ok else 400)


class CredentialSerializer(serializers.ModelSerializer[Credential]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False
    )
    enable_secret = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False
    )
    private_key = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False
    )
    has_password = serializers.BooleanField(read_only=True)
    has_enable_secret = serializers.BooleanField(read_only=True)
    has_private_key = serializers.BooleanField(read_only=True)

    class Meta:
        model = Credential
        fields = [
            "id",
            "customer",
            "name",
            "username",
            "password",
            "enable_secret",
            "private_key",
            "has_password",
            "has_enable_secret",
            "has_private_key",
            "updated",
        ]
        read_only_fields = ["updated"]
        validators: list[Any] = []


class CredentialViewSet(TenantModelViewSet):
    """Device logins of the customers the caller serves (vendor staff only)."""

    queryset = Credential.objects.all()
    serializer_class = CredentialSerializer
    select_related = ("customer",)
    filterset_fields = ["customer__code"]
    search_fields = ["name", "username"]

    def perform_create(self, serializer: CredentialSerializer) -> None:  # type: ignore[override]
        customer = customer_for_write(self.request)
        serializer.instance = services.do_create_credential(
            customer, actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: CredentialSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        services.do_update_credential(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Credential) -> None:
        services.do_delete_credential(instance, actor=self.request.user)


ROUTES = [
    ("devices", DeviceViewSet, "device"),
    ("credentials", CredentialViewSet, "credential"),
]

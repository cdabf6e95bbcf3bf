"""API for deliverables and their files (downloads go through the access rule)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from netcare.api.base import TenantReadOnlyViewSet
from netcare.delivery import services
from netcare.delivery.models import Deliverable, DeliverableFile


class DeliverableFileSerializer(serializers.ModelSerializer[DeliverableFile]):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DeliverableFile
        fields = ["id", "name", "format", "language", "size", "sha256", "download_url"]

    def get_download_url(self, obj: DeliverableFile) -> str:
        return reverse(
            "api:deliverable-file-download",
            kwargs={"pk": obj.pk},
            request=self.context.get("request"),
        )


class DeliverableSerializer(serializers.ModelSerializer[Deliverable]):
    customer = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    item = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    contract = serializers.SlugRelatedField[Any](slug_field="number", read_only=True)
    published_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    files = DeliverableFileSerializer(many=True, read_only=True)

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "customer",
            "item",
            "contract",
            "title",
            "kind",
            "report_type",
            "summary",
            "period_start",
            "period_end",
            "state",
            "published_by",
            "published_at",
            "created",
            "files",
        ]


class DeliverableViewSet(TenantReadOnlyViewSet):
    """Deliverables: customers see the published ones; staff publish and withdraw."""

    queryset = Deliverable.objects.all()
    serializer_class = DeliverableSerializer
    select_related = ("customer", "item", "contract", "published_by")
    filterset_fields = ["state", "kind", "report_type", "item__code", "customer__code"]
    search_fields = ["title", "summary"]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("files")

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        deliverable = services.do_publish(self.get_object(), actor=request.user)
        return Response(self.get_serializer(deliverable).data)

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        deliverable = services.do_withdraw(self.get_object(), actor=request.user)
        return Response(self.get_serializer(deliverable).data)


class DeliverableFileViewSet(TenantReadOnlyViewSet):
    queryset = DeliverableFile.objects.all()
    serializer_class = DeliverableFileSerializer
    filterset_fields = ["format", "language", "deliverable"]

    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        """The file itself; each download is written to the audit log."""
        file = self.get_object()
        services.record_download(file, user=request.user)
        return FileResponse(
            file.path.open("rb"),
            as_attachment=True,
            filename=file.name,
            content_type=file.content_type(),
        )


ROUTES = [
    ("deliverables", DeliverableViewSet, "deliverable"),
    ("deliverable-files", DeliverableFileViewSet, "deliverable-file"),
]

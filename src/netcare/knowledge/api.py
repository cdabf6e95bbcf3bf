"""API for knowledge: the document library and its imports (the vendor's shared data,
read by its staff; written by admins and experts) and per customer: the document
profile (declared scenarios) and exclusive document packages (staff see proposals,
customer users only pushed packages). Writes go through ``knowledge.services``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.core import access
from netcare.core.rest import (
    PublishedSerializer,
    RecordSerializer,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    customer_for_write,
)
from netcare.knowledge.models import (
    CustomerProfile,
    DocPackage,
    Document,
    DocumentImport,
    PackageItem,
)
from netcare.knowledge.services import imports, library, packages, profiles


class DocumentSerializer(RecordSerializer[Document]):
    file_name = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "slug",
            "title_zh",
            "title_en",
            "kind",
            "platform",
            "series",
            "version_from",
            "version_to",
            "scenarios",
            "tags",
            "language",
            "file_name",
            "url",
            "summary",
            "updated",
            "revision",
            "changed",
        ]


class DocumentWriteSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title_zh = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.CharField()
    platform = serializers.CharField(required=False, allow_blank=True)
    series = serializers.CharField(required=False, allow_blank=True)
    version_from = serializers.CharField(required=False, allow_blank=True)
    version_to = serializers.CharField(required=False, allow_blank=True)
    scenarios = serializers.CharField(required=False, allow_blank=True)
    tags = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(required=False, allow_blank=True)
    url = serializers.CharField(required=False, allow_blank=True)
    updated = serializers.CharField()
    revision = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    file = serializers.FileField(required=False)


class LibraryUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()


class DocumentImportSerializer(RecordSerializer[DocumentImport]):
    class Meta:
        model = DocumentImport
        fields = ["id", "source", "state", "counts", "error", "created"]


class DocumentViewSet(TenantModelViewSet):
    """The document library (filter by kind, platform, language); POST one document (a
    ``file`` or a ``url``; the same ``slug`` updates it); POST ``import`` with a zip and
    its index (or an index of links) imports all rows or none."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_fields = ["kind", "platform", "language", "slug"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=DocumentWriteSerializer, responses={201: DocumentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.may_shared(request.user, "manage_library"):
            return Response({"detail": "not allowed: manage_library"}, status=403)
        form = DocumentWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        upload = data.pop("file", None)
        document = library.do_save_document(
            actor=request.user,
            data=data,
            file_name=upload.name if upload else "",
            content=upload.read() if upload else None,
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LibraryUploadSerializer, responses={201: DocumentImportSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request: Request) -> Response:
        form = LibraryUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        try:
            record = imports.do_import_library(upload.name, upload.read(), actor=request.user)
        except imports.ImportRefused as refused:
            body = DocumentImportSerializer(refused.record).data
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(DocumentImportSerializer(record).data, status=status.HTTP_201_CREATED)


class DocumentImportViewSet(TenantReadOnlyViewSet):
    """Every library import, newest first, with its counts or why it was refused."""

    queryset = DocumentImport.objects.all()
    serializer_class = DocumentImportSerializer
    filterset_fields = ["state"]


class ProfileSerializer(serializers.ModelSerializer[CustomerProfile]):
    customer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    scenarios = serializers.ListField(child=serializers.CharField(), allow_empty=True)

    class Meta:
        model = CustomerProfile
        fields = ["id", "customer", "scenarios", "language", "updated"]
        read_only_fields = ["updated"]
        validators: list[Any] = []


class CustomerProfileViewSet(TenantModelViewSet):
    """Each customer's declared scenarios and package language; POST (with ``customer``
    code for staff) sets them — the RAM or the customer admin."""

    queryset = CustomerProfile.objects.all()
    serializer_class = ProfileSerializer
    select_related = ("customer",)
    filterset_fields = ["customer__code"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "declare_scenarios")
        form = ProfileSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        profile = profiles.do_set_profile(
            customer,
            scenarios=form.validated_data["scenarios"],
            language=form.validated_data["language"],
            actor=request.user,
        )
        return Response(ProfileSerializer(profile).data, status=status.HTTP_201_CREATED)


class ItemSerializer(RecordSerializer[PackageItem]):
    slug = serializers.CharField(source="document.slug", read_only=True)
    title = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()

    class Meta:
        model = PackageItem
        fields = ["id", "slug", "title", "revision", "included", "origin", "resent", "reason"]

    def get_title(self, item: PackageItem) -> str:
        return item.document.title()

    def get_reason(self, item: PackageItem) -> str:
        return item.reason()


class PackageSerializer(RecordSerializer[DocPackage]):
    customer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    items = serializers.SerializerMethodField()

    class Meta:
        model = DocPackage
        fields = [
            "id",
            "customer",
            "state",
            "language",
            "obligation",
            "deliverable",
            "created",
            "pushed_at",
            "items",
        ]

    def get_items(self, package: DocPackage) -> list[dict[str, Any]]:
        request = self.context.get("request")
        staff = request is None or access.is_staff_for(request.user, package.customer_id)
        rows = [i for i in package.items.all() if i.included or staff]
        return list(ItemSerializer(rows, many=True).data)


class PackageCustomerSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(required=False)


class DocumentSlugSerializer(serializers.Serializer[Any]):
    document = serializers.SlugField()


class DocPackageViewSet(TenantModelViewSet):
    """Exclusive document packages: POST with ``customer`` proposes (or returns the open
    proposal); POST ``add`` / ``remove`` with a ``document`` slug reviews it; POST
    ``push`` publishes it (completes the document-push obligation)."""

    queryset = DocPackage.objects.all()
    serializer_class = PackageSerializer
    select_related = ("customer",)
    filterset_fields = ["customer__code", "state"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("items__document")

    @extend_schema(request=PackageCustomerSerializer, responses={201: PackageSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "manage_packages")
        package = packages.do_propose_package(customer, actor=request.user, refresh=True)
        body = PackageSerializer(package, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _item_action(self, request: Request, add: bool) -> Response:
        package = self.get_object()
        access.require_staff(request.user, package.customer)
        form = DocumentSlugSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        document = access.get_visible_or_404(
            Document, request.user, slug=form.validated_data["document"]
        )
        if add:
            packages.do_add_item(package, document, actor=request.user)
        else:
            item = access.get_visible_or_404(
                PackageItem, request.user, package=package, document=document
            )
            packages.do_remove_item(item, actor=request.user)
        return Response(PackageSerializer(package, context={"request": request}).data)

    @extend_schema(request=DocumentSlugSerializer, responses={200: PackageSerializer})
    @action(detail=True, methods=["post"])
    def add(self, request: Request, pk: str) -> Response:
        return self._item_action(request, add=True)

    @extend_schema(request=DocumentSlugSerializer, responses={200: PackageSerializer})
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        return self._item_action(request, add=False)

    @extend_schema(request=None, responses={200: PublishedSerializer})
    @action(detail=True, methods=["post"])
    def push(self, request: Request, pk: str) -> Response:
        package = self.get_object()
        access.require_staff(request.user, package.customer)
        deliverable = packages.do_push_package(package, actor=request.user)
        return Response({"deliverable": deliverable.pk})


ROUTES = [
    ("documents", DocumentViewSet, "document"),
    ("document-imports", DocumentImportViewSet, "document-import"),
    ("document-profiles", CustomerProfileViewSet, "document-profile"),
    ("doc-packages", DocPackageViewSet, "doc-package"),
]

"""API of the daily-maintenance guide: editions (generate, publish) and custom sections
(write, and each party's agreement).

Customer users read their published editions and their custom sections (the customer
admin agrees to a section for the customer); generating, publishing and writing
sections are the RAM's. Writes go through ``guides.services``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.core.rest import (
    CustomerCodeField,
    PersonNameField,
    PublishedSerializer,
    RecordSerializer,
    TenantModelViewSet,
    customer_for_write,
    validated,
)
from netcare.guides.models import GuideSection, MaintenanceGuide
from netcare.guides.services import guides, sections


class MaintenanceGuideSerializer(RecordSerializer[MaintenanceGuide]):
    customer = CustomerCodeField()

    class Meta:
        model = MaintenanceGuide
        fields = [
            "id",
            "customer",
            "year",
            "state",
            "stats",
            "deliverable",
            "generated_at",
            "published_at",
        ]


class GuideGenerateSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(help_text="the customer's code")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class MaintenanceGuideViewSet(TenantModelViewSet):
    """Daily-maintenance guide editions (customer users: the published ones). POST with
    ``customer`` (and ``year``) generates the edition in zh and en (Word and PDF) as a
    draft; POST ``publish`` releases it and completes the plan's obligation."""

    queryset = MaintenanceGuide.objects.all()
    serializer_class = MaintenanceGuideSerializer
    select_related = ("customer",)
    filterset_fields = ["customer__code", "year", "state"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=GuideGenerateSerializer, responses={201: MaintenanceGuideSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "manage_guides")
        data = validated(request, GuideGenerateSerializer)
        guide = guides.do_generate_guide(customer, actor=request.user, year=data.get("year"))
        return Response(MaintenanceGuideSerializer(guide).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PublishedSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        deliverable = guides.do_publish_guide(self.get_object(), actor=request.user)
        return Response({"deliverable": deliverable.pk})


class GuideSectionSerializer(RecordSerializer[GuideSection]):
    customer = CustomerCodeField()
    expert = PersonNameField()
    customer_party = PersonNameField()
    field_engineer = PersonNameField()
    agreed = serializers.BooleanField(read_only=True)

    class Meta:
        model = GuideSection
        fields = [
            "id",
            "customer",
            "order",
            "title_zh",
            "title_en",
            "text_zh",
            "text_en",
            "expert",
            "expert_agreed_at",
            "customer_party",
            "customer_agreed_at",
            "field_engineer",
            "field_engineer_agreed_at",
            "agreed",
            "created",
        ]


class GuideSectionInputSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(help_text="the customer's code")
    title_zh = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200)
    text_zh = serializers.CharField()
    text_en = serializers.CharField()
    order = serializers.IntegerField(required=False, min_value=0, default=0)


class AgreeSerializer(serializers.Serializer[Any]):
    party = serializers.ChoiceField(choices=sorted(sections.PARTIES))


class GuideSectionViewSet(TenantModelViewSet):
    """Custom sections of a customer's guide with the three parties' agreement. POST
    (``customer``, titles and texts in zh and en) adds one; POST ``agree`` with
    ``party`` (expert, customer, field_engineer) records the caller's agreement for
    that party. A section enters the guide once all three agreed."""

    queryset = GuideSection.objects.all()
    serializer_class = GuideSectionSerializer
    select_related = ("customer", "expert", "customer_party", "field_engineer")
    filterset_fields = ["customer__code"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=GuideSectionInputSerializer, responses={201: GuideSectionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request, "manage_guides")
        data = dict(validated(request, GuideSectionInputSerializer))
        data.pop("customer", None)
        section = sections.do_add_section(customer, actor=request.user, **data)
        return Response(GuideSectionSerializer(section).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgreeSerializer, responses=GuideSectionSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, pk: str) -> Response:
        section = self.object_for("agree_guide_sections")
        data = validated(request, AgreeSerializer)
        section = sections.do_agree_section(section, data["party"], actor=request.user)
        return Response(GuideSectionSerializer(section).data)


ROUTES = [
    ("maintenance-guides", MaintenanceGuideViewSet, "maintenance-guide"),
    ("guide-sections", GuideSectionViewSet, "guide-section"),
]

"""API for onsite support: visits (dispatch, arrive, log a day, over-quota approval,
cancel, publish the record), the days logged, and each customer's person-day quota.

Customer users read their own visits, days and quota; every write is the vendor's and
runs through ``onsite.services`` (which answer 403 to who sees the visit but may not
act). The quota is the contract ledger's, never a second count.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
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
    TenantReadOnlyViewSet,
    VisiblePrimaryKeyRelatedField,
    VisibleUserField,
    customer_for_write,
    validated,
)
from netcare.customers.models import Customer, Site
from netcare.delivery.models import ServiceRequest
from netcare.onsite.models import Visit, VisitDay
from netcare.onsite.services import quota, records, visits

HOURS = {"max_digits": 4, "decimal_places": 1, "min_value": Decimal(0), "max_value": Decimal(24)}


class VisitDaySerializer(RecordSerializer[VisitDay]):
    customer = CustomerCodeField()
    person_days = serializers.DecimalField(
        source="ledger_entry.amount", max_digits=6, decimal_places=1, read_only=True
    )

    class Meta:
        model = VisitDay
        fields = [
            "id",
            "customer",
            "visit",
            "date",
            "hours_onsite",
            "hours_travel",
            "person_days",
            "note",
            "ledger_entry",
        ]


class VisitSerializer(RecordSerializer[Visit]):
    customer = CustomerCodeField()
    # dispatched | on_site | done | cancelled; plain text so its enum has one name.
    state = serializers.CharField(
        read_only=True, help_text="dispatched | on_site | done | cancelled"
    )
    engineer = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    engineer_name = PersonNameField(source="engineer")
    owner = PersonNameField()
    site = serializers.CharField(source="site.name", read_only=True, default="")
    approved_by = PersonNameField()
    days = VisitDaySerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "customer",
            "request",
            "title",
            "state",
            "engineer",
            "engineer_name",
            "owner",
            "site",
            "planned_date",
            "purpose",
            "work_done",
            "follow_ups",
            "cancel_reason",
            "approved_by",
            "approval_note",
            "deliverable",
            "days",
            "created",
        ]


class DispatchSerializer(serializers.Serializer[Any]):
    customer = serializers.CharField(required=False, help_text="customer code (staff)")
    engineer = VisibleUserField()
    planned_date = serializers.DateField()
    purpose = serializers.CharField()
    title = serializers.CharField(required=False, default="")
    site = VisiblePrimaryKeyRelatedField(
        queryset=Site.objects.all(), required=False, allow_null=True, default=None
    )
    request = VisiblePrimaryKeyRelatedField(
        queryset=ServiceRequest.objects.all(), required=False, allow_null=True, default=None
    )


class LogDaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    hours_onsite = serializers.DecimalField(**HOURS)  # type: ignore[arg-type]
    hours_travel = serializers.DecimalField(default=Decimal(0), **HOURS)  # type: ignore[arg-type]
    note = serializers.CharField(required=False, default="", allow_blank=True)


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class ApproveSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()


class PublishSerializer(serializers.Serializer[Any]):
    work_done = serializers.CharField(required=False)
    follow_ups = serializers.CharField(required=False, allow_blank=True)


class VisitViewSet(TenantModelViewSet):
    """Onsite visits; POST dispatches one (the RAM), actions move it along."""

    queryset = Visit.objects.all()
    serializer_class = VisitSerializer
    select_related = ("customer", "engineer", "owner", "site", "approved_by")
    filterset_fields = ["state", "customer__code", "request"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Visit]:
        return super().get_queryset().prefetch_related("days__ledger_entry")

    def _answer(self, visit: Visit, code: int = status.HTTP_200_OK) -> Response:
        visit = self.get_queryset().get(pk=visit.pk)
        return Response(VisitSerializer(visit, context={"request": self.request}).data, status=code)

    @extend_schema(request=DispatchSerializer, responses={201: VisitSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = customer_for_write(request)
        data = dict(validated(request, DispatchSerializer))
        data.pop("customer", None)
        visit = visits.do_dispatch(customer, actor=request.user, **data)
        return self._answer(visit, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request: Request, pk: str) -> Response:
        return self._answer(visits.do_arrive(self.get_object(), actor=request.user))

    @extend_schema(request=LogDaySerializer, responses={201: VisitDaySerializer})
    @action(detail=True, methods=["post"], url_path="days", url_name="log-day")
    def log_day(self, request: Request, pk: str) -> Response:
        visit = self.get_object()
        data = validated(request, LogDaySerializer)
        day = visits.do_log_day(visit, actor=request.user, **data)
        return Response(VisitDaySerializer(day).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ApproveSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"], url_path="approve-overrun", url_name="approve")
    def approve(self, request: Request, pk: str) -> Response:
        visit = self.get_object()
        data = validated(request, ApproveSerializer)
        return self._answer(visits.do_approve_overrun(visit, note=data["note"], actor=request.user))

    @extend_schema(request=CancelSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        visit = self.get_object()
        data = validated(request, CancelSerializer)
        return self._answer(visits.do_cancel(visit, reason=data["reason"], actor=request.user))

    @extend_schema(request=PublishSerializer, responses=PublishedSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        visit = self.get_object()
        data = validated(request, PublishSerializer)
        deliverable = records.do_publish_record(visit, actor=request.user, **data)
        return Response({"deliverable": deliverable.pk})


class VisitDayViewSet(TenantReadOnlyViewSet):
    """The days logged on visits, each with the person-days its ledger entry booked."""

    queryset = VisitDay.objects.all()
    serializer_class = VisitDaySerializer
    select_related = ("customer", "ledger_entry")
    filterset_fields = ["visit", "customer__code"]


class VisitUseSerializer(serializers.Serializer[Any]):
    visit = serializers.IntegerField(source="visit.pk", allow_null=True, default=None)
    title = serializers.SerializerMethodField()
    person_days = serializers.DecimalField(
        source="days", max_digits=6, decimal_places=1, read_only=True
    )
    hours = serializers.DecimalField(max_digits=7, decimal_places=1, read_only=True)

    def get_title(self, use: quota.VisitUse) -> str:
        if use.visit is not None:
            return use.visit.title
        return "; ".join(b.entry.description for b in use.bookings)


class OnsiteQuotaSerializer(serializers.Serializer[Any]):
    """A customer's onsite person-days this contract year, from the contract's ledger."""

    id = serializers.IntegerField(source="customer.pk", help_text="the customer's id")
    customer = serializers.CharField(source="customer.code")
    contract = serializers.CharField(source="entitlement.contract.number")
    contract_year = serializers.IntegerField(source="status.period.index")
    period_start = serializers.DateField(source="status.period.start")
    period_end = serializers.DateField(source="status.period.end")
    quota = serializers.DecimalField(source="status.quota", max_digits=6, decimal_places=1)
    used = serializers.DecimalField(source="status.used", max_digits=6, decimal_places=1)
    left = serializers.DecimalField(source="status.left", max_digits=6, decimal_places=1)
    unit = serializers.CharField(source="status.unit")
    travel_included = serializers.BooleanField(source="entitlement.travel_included")
    low = serializers.BooleanField(help_text="less than one person-day left")
    by_visit = VisitUseSerializer(source="uses", many=True)


class OnsiteQuotaViewSet(TenantReadOnlyViewSet):
    """The onsite quota of each customer the caller sees (by customer id; filter the list
    with ``?code=``); a customer without an onsite-support contract is left out of the
    list and answers 404 in detail."""

    queryset = Customer.objects.all()
    serializer_class = OnsiteQuotaSerializer
    filterset_fields = ["code"]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customers = self.filter_queryset(self.get_queryset()).order_by("code")
        page = self.paginate_queryset(customers)
        shown = list(page if page is not None else customers)
        quotas = quota.quotas_for(shown)
        found = [quotas[c.pk] for c in shown if c.pk in quotas]
        data = OnsiteQuotaSerializer(found, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from django.http import Http404

        found = quota.quota_for(self.get_object())
        if found is None:
            raise Http404
        return Response(OnsiteQuotaSerializer(found).data)


ROUTES = [
    ("onsite-visits", VisitViewSet, "onsite-visit"),
    ("onsite-days", VisitDayViewSet, "onsite-day"),
    ("onsite-quota", OnsiteQuotaViewSet, "onsite-quota"),
]

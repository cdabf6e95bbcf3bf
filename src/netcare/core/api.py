"""API for background jobs: watch progress; admins start a self-check."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netcare.core import access
from netcare.core.jobs import enqueue_job
from netcare.core.models import Job
from netcare.core.rest import TenantReadOnlyViewSet
from netcare.customers.models import Customer


class JobSerializer(serializers.ModelSerializer[Job]):
    customer: serializers.SlugRelatedField[Customer] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "customer",
            "status",
            "progress",
            "log",
            "result",
            "error",
            "created",
            "started",
            "finished",
            "attempts",
        ]


class JobViewSet(TenantReadOnlyViewSet):
    """Jobs of the customers the caller serves (system jobs: admins only)."""

    queryset = Job.objects.all()
    serializer_class = JobSerializer
    select_related = ("customer",)
    filterset_fields = ["kind", "status", "customer__code"]

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=False, methods=["post"], url_path="self-check")
    def self_check(self, request: Request) -> Response:
        """Queue a self-check of database, data directory and task broker (admins)."""
        if not access.is_admin(request.user):
            raise PermissionDenied("only admins run the self-check")
        job = enqueue_job("self_check", "netcare.core.tasks.self_check", actor=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


ROUTES = [("jobs", JobViewSet, "job")]

"""Shared shapes: the tenant-scoped base model, the audit log and background jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class TenantQuerySet(models.QuerySet[Any]):
    """A queryset that knows the tenant access rule.

    Every read a user triggers starts from ``Model.objects.visible_to(user)``, so the
    access rule lives in one place (``core.access``) and not in each view.
    """

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> models.QuerySet[Any]:
        from netcare.core.access import restrict

        return restrict(self, user)


class StaffOnly:
    """Mixin for a tenant model that is the vendor's working material (collection
    records, findings, exposures, drafts): customer users see none of its rows; they
    read what the expert publishes."""

    @classmethod
    def customer_user_filter(cls) -> Q:
        return Q(pk__in=[])


class TenantModel(models.Model):
    """Base of every object that belongs to one customer.

    ``customer`` is never null: an object without a tenant cannot be shown to anyone
    but admins, which is never what a capability wants.
    """

    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("customer"),
    )

    objects = TenantQuerySet.as_manager()

    #: Lookup from this model to its customer, used by the access rule.
    customer_path: ClassVar[str] = "customer"

    class Meta:
        abstract = True

    @classmethod
    def customer_user_filter(cls) -> Q:
        """What customer-side users may see of this model within their own customer.

        Everything by default; a model that must be released first (a deliverable)
        narrows it, e.g. to ``Q(state="published")``.
        """
        return Q()


class SharedModel(models.Model):
    """Base of the vendor's shared data that belongs to no customer (advisories, the
    release catalog, feeds): the access rule lets the vendor's staff read it and no
    customer user, who hears of it through what the expert publishes."""

    objects = TenantQuerySet.as_manager()

    #: No customer: ``core.access.restrict`` reads None as "shared vendor data".
    customer_path: ClassVar[str | None] = None

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One recorded change or sign-in: who did what to which object, before and after.

    Written by ``core.audit`` for every create, update and delete of a NetCare model and
    for every login, failed login and logout; never edited afterwards.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOGOUT = "logout", _("signed out")
        LOCKED_OUT = "locked_out", _("locked out after failed sign-ins")
        DOWNLOAD = "download", _("downloaded")

    time = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()
    customer_path: ClassVar[str] = "customer"

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    @classmethod
    def customer_user_filter(cls) -> Q:
        # Customers do not read the vendor's audit trail.
        return Q(pk__in=[])


class Job(models.Model):
    """A piece of long work run by the task queue, with the progress users watch.

    Long operations (collection, imports, report rendering) create a Job, enqueue it
    and report progress and log lines into it; the UI and ``/api/jobs/`` show the row.
    A job without a customer is system work that only admins see.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=60)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    log = models.JSONField(default=list, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = TenantQuerySet.as_manager()
    customer_path: ClassVar[str] = "customer"

    class Meta:
        ordering = ["-created", "-id"]

    #: What each kind of work is called on its page; an unlisted kind shows as written.
    KIND_LABELS: ClassVar[dict[str, Any]] = {
        "collection": _("Collection"),
        "inspection": _("Inspection"),
        "inspection_report": _("Inspection report"),
        "hardening_report": _("Hardening plan"),
        "review": _("Review report"),
        "self_check": _("Self-check"),
    }

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def kind_label(self) -> Any:
        return self.KIND_LABELS.get(self.kind, self.kind)

    @classmethod
    def customer_user_filter(cls) -> Q:
        # Job logs are the vendor's working notes; customers see the results published.
        return Q(pk__in=[])

    @property
    def is_done(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

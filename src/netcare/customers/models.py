"""The tenant (Customer), where it is (Site), whom we talk to (Contact) and who may see it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from netcare.core.models import TenantModel, TenantQuerySet


class Role(models.TextChoices):
    """Who someone is for one customer; the single vocabulary of the access rule."""

    ADMIN = "admin", _("admin")
    L2_EXPERT = "l2_expert", _("dedicated L2 expert")
    ASM = "asm", _("key account manager")
    FIELD_ENGINEER = "field_engineer", _("field engineer")
    HQ_EXPERT = "hq_expert", _("HQ expert")
    CUSTOMER_ADMIN = "customer_admin", _("customer admin")
    CUSTOMER_VIEWER = "customer_viewer", _("customer viewer")
    SYSTEM = "system", _("integration (system)")
    #: Named to review one change: sees only what it reviews (``core.access.restrict``).
    REVIEWER = "reviewer", _("reviewer")


#: Vendor-side roles: they see everything of the customers they are members of.
STAFF_ROLES = frozenset(
    {Role.L2_EXPERT, Role.ASM, Role.FIELD_ENGINEER, Role.HQ_EXPERT, Role.SYSTEM}
)
#: Customer-side roles: they see their own customer's objects that were released to them.
CUSTOMER_ROLES = frozenset({Role.CUSTOMER_ADMIN, Role.CUSTOMER_VIEWER})


class Industry(models.TextChoices):
    BANKING = "banking", _("banking and finance")
    MANUFACTURING = "manufacturing", _("manufacturing")
    ENERGY = "energy", _("energy and utilities")
    GOVERNMENT = "government", _("government")
    TELECOM = "telecom", _("telecommunications")
    EDUCATION = "education", _("education")
    HEALTHCARE = "healthcare", _("healthcare")
    TRANSPORT = "transport", _("transport and logistics")
    INTERNET = "internet", _("internet services")
    OTHER = "other", _("other")


class Channel(models.TextChoices):
    """How a contact prefers to be reached; also the channels of holiday care."""

    PHONE = "phone", _("phone")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")
    EMAIL = "email", _("email")
    VISIT = "visit", _("visit")


class CustomerQuerySet(TenantQuerySet):
    pass


class Customer(models.Model):
    """An enterprise customer of the premium service: the tenant every object belongs to.

    ``country`` and ``subdivision`` (ISO 3166) choose the holiday calendar and working
    days; ``time_zone`` is where the customer's dates are read.
    """

    code = models.CharField(
        max_length=16,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z0-9][A-Z0-9_-]*$", _("Use capital letters, digits, - or _."))
        ],
        verbose_name=_("code"),
    )
    name_zh = models.CharField(max_length=120, verbose_name=_("name (Chinese)"))
    name_en = models.CharField(max_length=120, blank=True, verbose_name=_("name (English)"))
    industry = models.CharField(
        max_length=20, choices=Industry.choices, default=Industry.OTHER, verbose_name=_("industry")
    )
    country = models.CharField(max_length=2, default="CN", verbose_name=_("country"))
    subdivision = models.CharField(max_length=8, blank=True, verbose_name=_("subdivision"))
    time_zone = models.CharField(
        max_length=64, default="Asia/Shanghai", verbose_name=_("time zone")
    )
    created = models.DateTimeField(default=timezone.now)

    objects = CustomerQuerySet.as_manager()
    customer_path: ClassVar[str] = "pk"

    class Meta:
        ordering = ["code"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language, falling back to the Chinese name."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_zh

    @classmethod
    def customer_user_filter(cls) -> models.Q:
        return models.Q()


class Site(TenantModel):
    """A place where the customer runs network equipment (data centre, branch, plant)."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("headquarters")
        DATA_CENTER = "data_center", _("data centre")
        DISASTER_RECOVERY = "disaster_recovery", _("disaster-recovery centre")
        BRANCH = "branch", _("branch")
        PLANT = "plant", _("plant")
        OTHER = "other", _("other")

    name = models.CharField(max_length=120, verbose_name=_("name"))
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.OTHER, verbose_name=_("kind")
    )
    city = models.CharField(max_length=60, blank=True, verbose_name=_("city"))
    address = models.CharField(max_length=200, blank=True, verbose_name=_("address"))

    class Meta:
        ordering = ["customer", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "name"], name="%(app_label)s_%(class)s_unique_customer_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Contact(TenantModel):
    """A person at the customer whom the L2 expert and account manager talk to."""

    name = models.CharField(max_length=60, verbose_name=_("name"))
    title = models.CharField(max_length=80, blank=True, verbose_name=_("job title"))
    phone = models.CharField(max_length=32, blank=True, verbose_name=_("phone"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    wechat_id = models.CharField(max_length=60, blank=True, verbose_name=_("WeChat ID"))
    preferred_channel = models.CharField(
        max_length=10,
        choices=Channel.choices,
        default=Channel.PHONE,
        verbose_name=_("preferred channel"),
    )
    site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("site"),
    )
    is_primary = models.BooleanField(default=False, verbose_name=_("primary contact"))

    class Meta:
        ordering = ["customer", "-is_primary", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name


class Membership(TenantModel):
    """User × customer × role: the single source of who may see and do what.

    Assigning an expert on a contract, dispatching an engineer or naming a reviewer
    creates one; nothing else grants access to a customer.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name=_("role"))
    created = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["customer", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "customer", "role"],
                name="%(app_label)s_%(class)s_unique_user_customer_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.customer.code} · {self.role}"

"""Forms of the problem-management pages: a ticket file to import (with a saved column
mapping and a dry run), a column mapping to save, the expert's analysis of a ticket,
its importance and escalation, a review's quarter and scope agreement, and the edits of
a daily progress report before it is sent.

Choice lists (findings, advisories, hardening steps, people) are narrowed to the
ticket's or review's customer and to what the viewer may see, so a form never offers
another customer's objects.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.core import access
from netcare.core.forms import DateField, PersonChoice
from netcare.customers.models import Role
from netcare.inspection.models import Finding, HardeningStep
from netcare.lifecycle.models import Advisory
from netcare.problems.models import ColumnMapping, ProblemReview, RootCause, Ticket
from netcare.problems.tickets import FIELDS

#: How many findings or hardening steps a link choice offers (newest first).
LINK_CHOICES = 200

#: Characters XML cannot hold: text typed here ends up in Word and PDF reports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def printable(value: str) -> None:
    """Refuse control characters in text that a report will print (the documents are
    XML, which cannot hold them); tabs and line breaks are fine."""
    if _CONTROL.search(value or ""):
        raise ValidationError(_("remove the control characters from this text"))


#: The validators of free text that reaches a report.
TEXT = [printable]


@contextmanager
def saved_upload(upload: Any) -> Iterator[Path]:
    """An uploaded file on disk under its own name (the ticket reader tells the format
    from the content, then from the suffix), removed afterwards; the import service
    keeps its own copy."""
    name = Path(str(getattr(upload, "name", "") or "tickets")).name[-120:] or "tickets"
    with tempfile.TemporaryDirectory(prefix="netcare-ticket-upload-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path


def mapping_choices() -> list[tuple[str, str]]:
    """The saved column mappings (shared vendor data), "" for the built-in headers."""
    names = ColumnMapping.objects.order_by("name").values_list("name", flat=True)
    return [("", _("Built-in headers")), *((n, n) for n in names)]


class ImportForm(forms.Form):
    """A support system's ticket export (CSV, XLSX or JSON): imported all or nothing; a
    dry run says what would change and writes nothing."""

    file = forms.FileField(
        label=_("Ticket file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json"}),
    )
    mapping = forms.ChoiceField(label=_("Column mapping"), required=False, choices=mapping_choices)
    dry_run = forms.BooleanField(label=_("Dry run (write nothing)"), required=False)


_MAPPING_LINE = re.compile(r"^(?P<header>.+?)\s*(?:=|→|->)\s*(?P<field>[a-z_]*)\s*$")


class MappingForm(forms.Form):
    """A support system's own headers, one ``header = field`` a line (an empty field
    ignores the column), saved by name for its next exports."""

    name = forms.CharField(max_length=60, label=_("Name"))
    columns = forms.CharField(
        label=_("Columns"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "Case ID = number\nSev = severity"}),
        help_text=_("One “header = field” per line. Fields: %(fields)s")
        % {"fields": ", ".join(FIELDS)},
    )

    def clean_columns(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["columns"].splitlines(), start=1):
            if not line.strip():
                continue
            match = _MAPPING_LINE.match(line.strip())
            if match is None:
                raise forms.ValidationError(_("line %(n)s: write “header = field”") % {"n": number})
            found[match["header"].strip()] = match["field"]
        if not found:
            raise forms.ValidationError(_("name at least one column"))
        return found


class _LinkChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, Finding):
            return f"{obj.device.hostname}: {obj.rule_id} {obj.title_en}".strip()
        if isinstance(obj, HardeningStep):
            return f"{obj.plan.title} · {obj.device.hostname}: {obj.rule_id}".strip()
        if isinstance(obj, Advisory):
            return f"{obj.key} · {obj.title[:80]}"
        return str(obj)


def _newest(queryset: QuerySet[Any], current: Any) -> QuerySet[Any]:
    """The newest ``LINK_CHOICES`` rows, plus the one linked now (a sliced queryset cannot
    validate a choice, so the ids are taken first)."""
    ids = list(queryset.order_by("-pk").values_list("pk", flat=True)[:LINK_CHOICES])
    if current is not None:
        ids.append(current)
    return queryset.filter(pk__in=ids)


class AnalysisForm(forms.Form):
    """The expert's root-cause category, analysis and maintenance advice, with optional
    links to the customer's finding, advisory or hardening step."""

    root_cause = forms.ChoiceField(
        label=_("Root cause"), required=False, choices=[("", "—"), *RootCause.choices]
    )
    root_cause_text = forms.CharField(
        validators=TEXT,
        label=_("Root-cause analysis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    advice = forms.CharField(
        validators=TEXT,
        label=_("Maintenance advice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    finding = _LinkChoice(queryset=Finding.objects.none(), required=False, label=_("Finding"))
    advisory = _LinkChoice(queryset=Advisory.objects.none(), required=False, label=_("Advisory"))
    hardening_step = _LinkChoice(
        queryset=HardeningStep.objects.none(), required=False, label=_("Hardening step")
    )

    def __init__(self, ticket: Ticket, user: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "root_cause": ticket.root_cause,
                "root_cause_text": ticket.root_cause_text,
                "advice": ticket.advice,
                "finding": ticket.finding_id,
                "advisory": ticket.advisory_id,
                "hardening_step": ticket.hardening_step_id,
            },
        )
        super().__init__(*args, **kwargs)
        own = {"customer_id": ticket.customer_id}
        if ticket.device_id is not None:
            own["device_id"] = ticket.device_id
        findings = Finding.objects.visible_to(user).filter(**own).select_related("device")
        steps = (
            HardeningStep.objects.visible_to(user).filter(**own).select_related("plan", "device")
        )
        # Advisories are shared data: those the customer's devices are exposed to.
        exposed = Advisory.objects.visible_to(user).filter(
            exposures__customer_id=ticket.customer_id
        )
        self._narrow("finding", _newest(findings, ticket.finding_id))
        self._narrow("hardening_step", _newest(steps, ticket.hardening_step_id))
        advisories = Advisory.objects.visible_to(user).filter(
            pk__in=[*exposed.values_list("pk", flat=True)[:LINK_CHOICES], ticket.advisory_id]
        )
        self._narrow("advisory", advisories.order_by("key"))

    def _narrow(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class ImportantForm(forms.Form):
    """The RAM's decision: important (a daily progress report each working day) or not."""

    important = forms.BooleanField(required=False, label=_("Important"))


class EscalateForm(forms.Form):
    """The headquarters resources an important ticket is escalated to."""

    resources = forms.CharField(
        validators=TEXT,
        label=_("Resources engaged"),
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("product support expert, R&D team …")}
        ),
    )


def quarter_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """This quarter and the seven before it, newest first."""
    day = today or timezone.localdate()
    year, index = day.year, (day.month - 1) // 3
    found = []
    for _step in range(8):
        found.append(f"{year}Q{index + 1}")
        index -= 1
        if index < 0:
            year, index = year - 1, 3
    return [(q, q) for q in found]


class OpenReviewForm(forms.Form):
    """The quarter to review (opening it again opens the same review)."""

    quarter = forms.CharField(max_length=6, label=_("Quarter"))


class AgreementForm(forms.Form):
    """The three parties' agreement that changes a review's scope or cadence; new first
    and last days, when given, become the review's period."""

    what = forms.CharField(
        validators=TEXT, label=_("What was agreed"), widget=forms.Textarea(attrs={"rows": 2})
    )
    expert = PersonChoice(queryset=get_user_model().objects.none(), label=_("L2 expert"))
    field_engineer = PersonChoice(
        queryset=get_user_model().objects.none(), label=_("Field engineer")
    )
    customer_party = forms.CharField(validators=TEXT, max_length=100, label=_("For the customer"))
    agreed_on = DateField(label=_("Agreed on"))
    first_day = DateField(required=False, label=_("New first day"))
    last_day = DateField(required=False, label=_("New last day"))

    def __init__(self, review: ProblemReview, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, role in (("expert", Role.L2_EXPERT), ("field_engineer", Role.FIELD_ENGINEER)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = access.members(review.customer_id, [role], user)

    def period(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The new period as the review stores it: from the first day's midnight to the
        midnight after the last day (the end is exclusive)."""
        zone = timezone.get_current_timezone()
        first, last = self.cleaned_data.get("first_day"), self.cleaned_data.get("last_day")
        start = dt.datetime.combine(first, dt.time(), zone) if first else None
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone) if last else None
        return start, end


class DailyEditForm(forms.Form):
    """What the expert may change in a drafted daily report before sending it."""

    impact = forms.CharField(
        validators=TEXT,
        required=False,
        label=_("Business impact"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    current_status = forms.CharField(
        validators=TEXT,
        required=False,
        label=_("Current status"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_steps = forms.CharField(
        validators=TEXT,
        required=False,
        label=_("Next steps"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected = forms.CharField(
        validators=TEXT, max_length=200, required=False, label=_("Expected to resolve")
    )
    resources = forms.CharField(
        validators=TEXT,
        required=False,
        label=_("Resources engaged"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact = forms.CharField(validators=TEXT, max_length=200, required=False, label=_("Contact"))

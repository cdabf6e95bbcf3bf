"""Forms of the satisfaction pages: record a return visit, send a survey, answer one.

The answer form is built from the questions the survey asked (``Survey.questions``), in
the survey's language; the visit form offers only the customer's own contacts, the
items it chose and the people who work for it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netcare.contracts.models import ServiceItem
from netcare.core.forms import DateInput
from netcare.customers.models import Channel, Contact, Customer
from netcare.satisfaction.models import Stage, Survey
from netcare.satisfaction.services.questionnaire import load_template
from netcare.satisfaction.services.surveys import ANSWER_DAYS, MAX_ANSWER_DAYS

#: Rows of promised actions the visit form offers.
ACTION_ROWS = 3
SCORES = [(str(n), str(n)) for n in range(1, 6)]


class SendSurveyForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, label=_("Stage"))
    days = forms.IntegerField(
        min_value=1, max_value=MAX_ANSWER_DAYS, initial=ANSWER_DAYS, label=_("Open for (days)")
    )
    ask_nps = forms.BooleanField(required=False, initial=True, label=_("Ask the 0–10 question"))
    ask_comments = forms.BooleanField(required=False, initial=True, label=_("Ask for comments"))
    show_links = forms.BooleanField(
        required=False, label=_("Show me the links once (to hand over by other channels)")
    )


class VisitForm(forms.Form):
    """A return visit; per chosen item a score and what the customer said; up to three
    promised actions."""

    stage = forms.ChoiceField(choices=Stage.choices, label=_("Stage"))
    visited_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    channel = forms.ChoiceField(choices=Channel.choices, label=_("Channel"), initial="visit")
    contacts = forms.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), required=False, label=_("People met")
    )
    others = forms.CharField(max_length=200, required=False, label=_("Others present"))
    overall = forms.TypedChoiceField(choices=SCORES, coerce=int, label=_("Overall score (1–5)"))
    comments = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, customer: Customer, items: list[ServiceItem], **kw: Any):
        super().__init__(*args, **kw)
        self.items = items
        self.fields["comments"].label = _("Comments")
        contacts = self.fields["contacts"]
        assert isinstance(contacts, forms.ModelMultipleChoiceField)
        contacts.queryset = Contact.objects.filter(customer=customer)
        for item in items:
            self.fields[f"score_{item.code}"] = forms.TypedChoiceField(
                choices=[("", "—"), *SCORES],
                coerce=int,
                empty_value=None,
                required=False,
                label=item.name_zh if _zh() else item.name_en,
            )
            self.fields[f"feedback_{item.code}"] = forms.CharField(
                required=False, label=_("Feedback")
            )
        people = (
            get_user_model()
            ._default_manager.filter(memberships__customer=customer, is_active=True)
            .distinct()
        )
        for index in range(ACTION_ROWS):
            self.fields[f"action_{index}"] = forms.CharField(
                max_length=300, required=False, label=_("Action promised")
            )
            self.fields[f"owner_{index}"] = forms.ModelChoiceField(
                queryset=people, required=False, label=_("Owner")
            )
            self.fields[f"due_{index}"] = forms.DateField(
                required=False, label=_("Due"), widget=DateInput()
            )

    def item_rows(self) -> list[tuple[ServiceItem, Any, Any]]:
        return [(i, self[f"score_{i.code}"], self[f"feedback_{i.code}"]) for i in self.items]

    def action_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(self[f"action_{i}"], self[f"owner_{i}"], self[f"due_{i}"]) for i in range(3)]


def _zh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "zh").startswith("zh")


class AnswerForm(forms.Form):
    """The questionnaire of one survey, in the survey's language."""

    def __init__(self, *args: Any, survey: Survey, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.survey = survey
        language = survey.language
        scale = load_template()["scale"]
        labelled = [(str(s["value"]), f"{s['value']} · {s[language]}") for s in scale]
        for question in survey.questions:
            text = question[language]
            if question["kind"] == "csat":
                self.fields[question["key"]] = forms.ChoiceField(
                    choices=labelled, required=False, widget=forms.RadioSelect, label=text
                )
            elif question["kind"] == "nps":
                self.fields["nps"] = forms.ChoiceField(
                    choices=[(str(n), str(n)) for n in range(11)],
                    required=False,
                    widget=forms.RadioSelect,
                    label=text,
                )
            else:
                self.fields[question["key"]] = forms.CharField(
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    label=text,
                )

    def answers(self) -> dict[str, Any]:
        """The answers as the survey services take them."""
        data = self.cleaned_data
        scores = {
            q["item"]: data.get(q["key"])
            for q in self.survey.questions
            if q["kind"] == "csat" and data.get(q["key"])
        }
        comments = [
            str(data.get(q["key"]) or "").strip()
            for q in self.survey.questions
            if q["kind"] == "text"
        ]
        return {
            "scores": scores,
            "nps": data.get("nps") or None,
            "comment": "\n".join(c for c in comments if c),
        }

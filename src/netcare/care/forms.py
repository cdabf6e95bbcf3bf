"""Forms of the care pages: a touch to record or send, and a customer's own wording of
a message. The contact choice is narrowed to the obligation's customer, so a form never
offers another customer's people."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netcare.customers.models import Channel, Contact

LANGUAGE_CHOICES = [("zh", "中文"), ("en", "English")]


class TouchForm(forms.Form):
    """One greeting recorded (or, by e-mail, sent) for a care obligation."""

    contact = forms.ModelChoiceField(
        queryset=Contact.objects.none(), required=False, label=_("Contact")
    )
    people = forms.CharField(max_length=300, required=False, label=_("People"))
    channel = forms.ChoiceField(choices=Channel.choices, label=_("Channel"))
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, required=False, label=_("Language"))
    subject = forms.CharField(max_length=200, required=False, label=_("Subject"))
    message = forms.CharField(widget=forms.Textarea, required=False, label=_("Message"))
    touched_at = forms.DateTimeField(required=False, label=_("When"))
    note = forms.CharField(widget=forms.Textarea, required=False, label=_("Note"))

    def __init__(self, customer: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["contact"]
        field.queryset = Contact.objects.filter(customer=customer).order_by("-is_primary", "name")


class MessageForm(forms.Form):
    """A customer's own wording of one channel and language."""

    channel = forms.ChoiceField(choices=Channel.choices, label=_("Channel"))
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, label=_("Language"))
    subject = forms.CharField(max_length=200, required=False, label=_("Subject"))
    body = forms.CharField(widget=forms.Textarea, required=False, label=_("Message"))
    reset = forms.BooleanField(required=False, label=_("Back to the house wording"))

"""Form pieces every app's forms share.

``PersonChoice`` is the one way a form offers people: labelled with their display
name, over a queryset the view narrows with ``core.access.members`` (only the people
the viewer may name).

``DateField`` is the one way a form asks for a day: the browser's date picker
(``<input type="date">``), whose value is always ISO ``YYYY-MM-DD`` whatever the
viewer's language — so the widget writes its initial value in ISO too (Django would
otherwise write it in the locale's format, which a date input shows as empty).
"""

from __future__ import annotations

from typing import Any

from django import forms

from netcare.core.people import display_name

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A date picker."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateField(forms.DateField):
    """A day, entered with the date picker (ISO is among every locale's input formats)."""

    widget = DateInput


class PersonChoice(forms.ModelChoiceField):
    """A person, shown by display name; the view sets the queryset."""

    def label_from_instance(self, obj: Any) -> str:
        return display_name(obj)

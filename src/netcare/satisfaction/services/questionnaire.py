"""The survey template (``data/survey.yaml``) and the questions one survey asks.

A survey asks a 1–5 score for every service item the customer chose (an enabled
entitlement of the contract that the customer did not mark "not needed"), then the
recommendation question (0–10) and the open questions, in the customer's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from netcare.contracts.models import Contract, ServiceItem
from netcare.customers.models import Customer

TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "survey.yaml"
#: Countries whose customers read Chinese; every other customer is asked in English.
CHINESE_COUNTRIES = {"CN", "HK", "MO", "TW"}

__all__ = [
    "build_questions",
    "chosen_items",
    "customer_language",
    "load_template",
    "plain_text",
]

#: Characters XML cannot hold: what a customer types here is printed in Word and PDF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def plain_text(value: str | None) -> str:
    """Free text as a report can print it: control characters dropped, ends trimmed."""
    return _CONTROL.sub("", value or "").strip()


@lru_cache(maxsize=1)
def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    """The survey template, checked: a refusal names the file and the missing key."""
    spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("intro", "csat", "nps"):
        for language in ("zh", "en"):
            if not str((spec.get(key) or {}).get(language, "")).strip():
                raise ValueError(f"{path.name}: {key}.{language} is missing")
    if "{item}" not in spec["csat"]["zh"] or "{item}" not in spec["csat"]["en"]:
        raise ValueError(f"{path.name}: csat questions must name the item with {{item}}")
    values = [entry.get("value") for entry in spec.get("scale") or []]
    if values != [1, 2, 3, 4, 5]:
        raise ValueError(f"{path.name}: scale must list the values 1 to 5 in order")
    for index, question in enumerate(spec.get("text") or []):
        if not all(str(question.get(k, "")).strip() for k in ("key", "zh", "en")):
            raise ValueError(f"{path.name}: text question {index + 1} needs key, zh and en")
    return spec


def customer_language(customer: Customer) -> str:
    """The language a survey speaks to the customer's contacts."""
    return "zh" if customer.country.upper() in CHINESE_COUNTRIES else "en"


def chosen_items(contract: Contract) -> list[ServiceItem]:
    """The service items the customer chose on this contract, in catalog order."""
    entitlements = (
        contract.entitlements.filter(enabled=True)
        .select_related("item", "choice")
        .order_by("item__number")
    )
    found = []
    for entitlement in entitlements:
        choice = getattr(entitlement, "choice", None)
        if choice is not None and choice.choice == "not":
            continue
        found.append(entitlement.item)
    return found


def build_questions(
    items: Sequence[ServiceItem], *, ask_nps: bool = True, ask_comments: bool = True
) -> list[dict[str, Any]]:
    """The questions of one survey, both languages kept (``Survey.questions``)."""
    spec = load_template()
    questions: list[dict[str, Any]] = [
        {
            "key": f"item:{item.code}",
            "kind": "csat",
            "item": item.code,
            "zh": spec["csat"]["zh"].format(item=item.name_zh),
            "en": spec["csat"]["en"].format(item=item.name_en),
        }
        for item in items
    ]
    if ask_nps:
        questions.append(
            {
                "key": "nps",
                "kind": "nps",
                "item": "",
                "zh": spec["nps"]["zh"],
                "en": spec["nps"]["en"],
            }
        )
    if ask_comments:
        for question in spec.get("text") or []:
            questions.append(
                {
                    "key": str(question["key"]),
                    "kind": "text",
                    "item": "",
                    "zh": str(question["zh"]),
                    "en": str(question["en"]),
                }
            )
    return questions

"""An expert's work on a shared advisory: the feature condition CSAF and CVE records
cannot carry (which features in use expose a device), in NetCare's feature names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from netcare.collection.parsing.features import FEATURE_NAMES
from netcare.core.access import recorded_user, require_shared
from netcare.core.services import save_validated
from netcare.lifecycle.models import Advisory

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["do_annotate_feature"]


def do_annotate_feature(
    advisory: Advisory, any_of: Sequence[str], *, text: str = "", actor: Actor
) -> Advisory:
    """Set (or, with an empty list, clear) the advisory's feature condition. A device is
    then vulnerable only when one of these features is in use, potentially vulnerable
    when its configuration was not collected. Exposures are matched again."""
    require_shared(actor, "annotate_advisories")
    names = [n.strip() for n in any_of if n.strip()]
    unknown = sorted(set(names) - set(FEATURE_NAMES))
    if unknown:
        raise ValidationError(
            {
                "features": f"unknown feature names: {', '.join(unknown)} "
                "(NetCare's names are listed in docs/advisory-formats.md)"
            }
        )
    save_validated(
        advisory,
        actor=actor,
        feature_any_of=sorted(set(names)),
        feature_text=text[:500],
        feature_source="expert" if names else "",
        feature_by=recorded_user(actor) if names else None,
    )
    from netcare.lifecycle.services.exposures import match_everywhere

    match_everywhere([advisory.key])
    return advisory

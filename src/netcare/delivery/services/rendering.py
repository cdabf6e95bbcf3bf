"""Rendering a report into a deliverable's files: one call for every report builder.

It lives in delivery, not in ``netcare.reports``: attaching files to a Deliverable is a
delivery operation, and the reports app stays below the apps that build reports (its
engine renders what it is given and knows no app; see docs/architecture.md).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from netcare.delivery.models import Deliverable, DeliverableFile
from netcare.delivery.services.deliverables import do_attach_file
from netcare.reports.engine import Document, render_all

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: What a customer downloads: Word is the editable master, PDF for sending, Excel for tables.
DELIVERED_FORMATS = ("docx", "xlsx", "pdf")


def render_into(
    deliverable: Deliverable,
    documents: Mapping[str, Document],
    *,
    basename: str,
    actor: Actor,
    formats: Iterable[str] = DELIVERED_FORMATS,
) -> list[DeliverableFile]:
    """Render each language's document in every format and attach the files.

    ``documents`` maps a language code ("zh", "en") to its document; files are named
    ``<basename>-<language>.<format>`` under the customer's reports folder.
    """
    wanted = set(formats)
    attached: list[DeliverableFile] = []
    with tempfile.TemporaryDirectory(prefix="netcare-render-") as tmp:
        for language, document in documents.items():
            stem = f"{basename}-{language}"
            rendered = render_all(document, Path(tmp) / language, stem)
            for fmt, path in rendered.items():
                if fmt in wanted:
                    attached.append(
                        do_attach_file(
                            deliverable,
                            path,
                            fmt=fmt,
                            language=language,
                            actor=actor,
                            name=f"{stem}.{fmt}",
                        )
                    )
    return attached

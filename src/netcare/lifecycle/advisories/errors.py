"""The one error every advisory reader raises: a file NetCare cannot read, with the field
that made it unreadable, so an import can say exactly what to fix."""

from __future__ import annotations

from pathlib import Path

__all__ = ["AdvisoryFormatError"]


class AdvisoryFormatError(ValueError):
    """A file that is not a readable advisory, KEV catalog or EPSS score file.

    ``str()`` is ``"<file>: <field>: <message>"``; ``field`` is a JSON path
    (``containers.cna.affected[0].versions[2].lessThan``), a CSV/XLSX cell (``row 7:
    fixed``) or a place in the text (``line 3 column 5``).
    """

    def __init__(self, path: Path | str, field: str, message: str) -> None:
        self.path = Path(path)
        self.field = field
        self.message = message
        super().__init__(f"{self.path}: {field}: {message}")

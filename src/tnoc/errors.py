"""The user-facing error family.

Every error an analyst can cause (a bad file, a bad mapping, a missing case) is a
:class:`TnocError`; its message names the file, the row (or line) and the field where
that is known, and says what was expected. The CLI prints the message and exits
non-zero; nothing else about the store changes because every write is a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class TnocError(Exception):
    """Base class of every error meant to be read by a person."""

    exit_code = 1


@dataclass
class Where:
    """Where in an input something went wrong: file, row/line and field."""

    file: Path | str | None = None
    row: int | str | None = None
    field: str | None = None
    row_label: str = "row"

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(f"file {str(self.file)!r}")
        if self.row is not None:
            parts.append(f"{self.row_label} {self.row}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


class InputFileError(TnocError):
    """The input file cannot be read as the mapping says it should be."""

    exit_code = 2

    def __init__(self, problem: str, where: Where, expected: str | None = None) -> None:
        self.problem = problem
        self.where = where
        self.expected = expected
        message = f"{where}: {problem}"
        if expected:
            message += f" (expected {expected})"
        super().__init__(message)


class MappingError(TnocError):
    """The mapping file is invalid: unknown schema, property, column, option."""

    exit_code = 3

    def __init__(self, problem: str, mapping: Path | str | None = None) -> None:
        prefix = f"mapping {str(mapping)!r}: " if mapping else "mapping: "
        super().__init__(prefix + problem)


class CaseError(TnocError):
    """The case directory is missing, not a case, or already exists."""

    exit_code = 4


class InputTooLargeError(InputFileError):
    """A compressed input expands beyond the configured limit (a zip bomb guard)."""

"""The user-facing error family, and the exit code of each kind.

Every error an analyst can cause (a bad file, a bad mapping, a missing case, an
operation the case's rules refuse) is a :class:`TnocError`; its message names the file,
the row (or line) and the field where that is known, says what was expected, and for a
refusal what to do. The CLI prints the message and exits with the class's
``exit_code``; nothing else about the store changes because every write is a
transaction.

The exit codes are one rule, set here on the classes (never per command) and listed in
``docs/cli.md`` (a test checks the table against :data:`EXIT_CODES`):

==  =====================================================================================
0   done
1   a "no" or any other error: a check that failed (``tnoc verify``, ``money check``), a
    path or entity not found (an entity the member may not see, or one erased, is
    answered as one that is not there: the same words and code, so neither tells it
    exists), an error not of a kind below
2   bad input: a file not as expected (:class:`InputFileError`), a bad argument or
    option (:class:`ArgumentError`; Click's usage errors exit 2 as well)
3   bad mapping (:class:`MappingError`)
4   no case: the folder is not a case, or a case is already there (:class:`CaseError`)
5   refused (:class:`Refused`): by the gate (not a member, role, clearance, no open
    purpose, research mode: :class:`tnoc.service.AccessDenied`) or by another rule of
    the case (a legal hold, a second person's approval, the last admin, Spark asked
    to read a missing lake or one older than the case)
==  =====================================================================================
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


class ArgumentError(TnocError):
    """A bad argument or option of a command, found by the command rather than by
    Click: two options that exclude each other (``--json --csv``), a value outside the
    ones the option takes (``--by foo``), a file given twice. Exit 2 like Click's own
    usage errors, so a script tells a mistyped command from a "no" (exit 1). The
    message names the option, the value given and what is expected."""

    exit_code = 2


class MappingError(TnocError):
    """The mapping file is invalid: unknown schema, property, column, option."""

    exit_code = 3

    def __init__(self, problem: str, mapping: Path | str | None = None) -> None:
        prefix = f"mapping {str(mapping)!r}: " if mapping else "mapping: "
        super().__init__(prefix + problem)


class CaseError(TnocError):
    """The case directory is missing, not a case, or already exists."""

    exit_code = 4


class CaseBusy(CaseError):
    """The case's store is held by another process: DuckDB lets one process write a
    file, or any number read it, not both at once. Not "no case": exit code 1."""

    exit_code = 1


class Refused(TnocError):
    """An operation a rule of the case refuses: the gate's decision on who may do what
    (:class:`tnoc.service.AccessDenied`), a legal hold, separation of duties. The
    message says who, what, why and what to do (who may, or who can change it)."""

    exit_code = 5


class InputTooLargeError(InputFileError):
    """A compressed input expands beyond the configured limit (a zip bomb guard)."""


EXIT_CODES: dict[int, str] = {
    0: "done",
    1: "a \"no\" (a check failed, nothing found) or any other error",
    2: "bad input: a file not as expected, a bad argument or option",
    3: "bad mapping",
    4: "no case (or a case already there)",
    5: "refused: by the gate (membership, role, clearance, purpose, research mode) or "
       "another rule of the case (legal hold, separation of duties)",
}
"""What each exit code of ``tnoc`` means (module docstring; ``docs/cli.md``)."""

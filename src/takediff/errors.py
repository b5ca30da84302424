"""Every error takediff raises for bad input or setup, numbered, each saying what to do.

The CLI turns a ``TakediffError`` into its message and exit code 2; nothing else should reach a
user as a traceback.
"""

from __future__ import annotations


class TakediffError(Exception):
    """An error caused by input or setup, not by a bug: shown to the user without a traceback."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class EmptyInput(TakediffError):
    code = "E001"


class BinaryInput(TakediffError):
    code = "E002"


class UndecodableInput(TakediffError):
    code = "E003"


class InputTooLong(TakediffError):
    code = "E004"


class TooFewParties(TakediffError):
    code = "E005"


class DuplicateParty(TakediffError):
    code = "E006"


class ModelUnavailable(TakediffError):
    code = "E007"


class InputNotFound(TakediffError):
    code = "E008"


class DataNotFound(TakediffError):
    code = "E009"

"""Exceptions for misuse and the environment; content problems are Findings, not exceptions."""

from __future__ import annotations


class CitekitError(Exception):
    """Base class; carries the file and line when known."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(where + message)


class StoreError(CitekitError):
    """The store cannot be found, read or written."""


class ConfigError(CitekitError):
    """Bad configuration: pyproject.toml, environment or flags."""


class UnknownKeyError(CitekitError, KeyError):
    """A key that is not in the store was asked for."""

    def __str__(self) -> str:
        return self.message

"""Plain data shared by every module: severities, locations, findings, names, cases and claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is; ordered by `rank`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: 1-based line and column, either may be unknown."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Finding:
    """One content problem, reported by a rule with a stable kebab-case id."""

    rule: str
    severity: Severity
    message: str
    location: Location | None = None
    key: str | None = None

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "path": loc.path if loc else None,
            "line": loc.line if loc else None,
            "key": self.key,
        }


@dataclass(frozen=True, slots=True)
class Name:
    """One person or organisation from a BibTeX name list, decoded to Unicode."""

    family: str
    given: str = ""
    particle: str = ""
    suffix: str = ""
    corporate: bool = False
    raw: str = ""

    @property
    def initials(self) -> str:
        """Initials of the given names, e.g. 'J.-P.' -> 'JP'."""
        out = []
        for part in self.given.replace("-", " ").replace(".", " ").split():
            if part[:1].isalpha():
                out.append(part[0].upper())
        return "".join(out)

    @property
    def full_family(self) -> str:
        """Family name with its particle, as sorted in most styles ('van der Berg')."""
        return f"{self.particle} {self.family}".strip()


@dataclass(frozen=True, slots=True)
class Case:
    """A case study: a city, province, state, region, country or network."""

    id: str
    name: str
    kind: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A source cited in support of a claim, with an optional locator and quote."""

    key: str
    locator: str = ""
    quote: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim in the researchers' own words, the cases it concerns and its evidence."""

    id: str
    text: str
    cases: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    location: Location | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

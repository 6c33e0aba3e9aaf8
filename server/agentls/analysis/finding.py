"""What a rule reports: a finding with its range, message, related places and fixes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agentls.document.positions import Range
from agentls.pickling import by_arguments


@by_arguments
@dataclass(frozen=True, slots=True)
class Edit:
    """A text replacement of a quick fix."""

    range: Range
    new_text: str

    def to_json(self) -> dict[str, Any]:
        return {"range": self.range.to_json(), "newText": self.new_text}


@by_arguments
@dataclass(frozen=True, slots=True)
class Fix:
    """A quick fix: its title and edits."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True  # safe fixes are applied by `check --fix` and marked preferred

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "safe": self.safe, "edits": [e.to_json() for e in self.edits]}


@by_arguments
@dataclass(frozen=True, slots=True)
class Related:
    """Another place a finding refers to."""

    range: Range
    message: str
    path: str | None = None  # None: the same file

    def to_json(self, default_path: str | None) -> dict[str, Any]:
        return {"path": self.path or default_path, "range": self.range.to_json(), "message": self.message}


@by_arguments
@dataclass(slots=True)
class Finding:
    """One problem found in a document, with its range, message and fixes."""

    code: str
    name: str
    category: str
    severity: str  # error | warning | information | hint
    range: Range
    message: str
    related: list[Related] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    tags: tuple[str, ...] = ()  # "deprecated", "unnecessary"

    def to_json(self, path: str | None) -> dict[str, Any]:
        return {
            "path": path,
            "range": self.range.to_json(),
            "severity": self.severity,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "message": self.message,
            "related": [r.to_json(path) for r in self.related],
            "fixes": [f.to_json() for f in self.fixes],
        }


SEVERITY_RANK = {"error": 0, "warning": 1, "information": 2, "hint": 3}

"""What a rule sees (the document, the settings, the workspace) and how it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from agentls.analysis.config import Config
from agentls.analysis.finding import Edit, Finding, Fix, Related
from agentls.document import Document
from agentls.document.positions import Range
from agentls.schema.rules import RULES_BY_CODE
from agentls.schema.versions import Version

if TYPE_CHECKING:
    from agentls.workspace.index import WorkspaceIndex


@dataclass(slots=True)
class Context:
    """What a rule reads (the document, settings and workspace) and the findings it adds."""

    doc: Document
    config: Config
    workspace: "WorkspaceIndex | None" = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def version(self) -> Version:
        return self.config.version

    def wants(self, *codes: str) -> bool:
        return any(self.config.enabled(c) for c in codes)

    def report(
        self,
        code: str,
        range: Range,
        message: str,
        *,
        related: Iterable[Related] = (),
        fixes: Sequence[Fix] = (),
        severity: str | None = None,
        tags: tuple[str, ...] = (),
    ) -> None:
        if not self.config.enabled(code):
            return
        rule = RULES_BY_CODE[code]
        sev = self.config.severities.get(code) or severity or rule.severity
        self.findings.append(Finding(code, rule.name, rule.category, sev, range, message, list(related), list(fixes), tags))

    # helpers for fixes
    def fm_edit(self, start: int, end: int, new_text: str) -> Edit:
        """A text edit on local frontmatter offsets."""
        assert self.doc.frontmatter is not None
        return Edit(self.doc.frontmatter.range(start, end), new_text)

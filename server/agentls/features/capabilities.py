"""What the client can do, read once from its `initialize` request."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types
from pygls.capabilities import get_capability


@dataclass(frozen=True, slots=True)
class ClientCaps:
    """What the connected client supports, read once from `initialize`."""

    snippets: bool = False
    completion_markdown: bool = False
    deprecated_tag: bool = False
    hover_markdown: bool = False
    related_information: bool = False
    diagnostic_tags: bool = False
    code_action_literals: bool = False
    document_changes: bool = False
    rename_files: bool = False  # `RenameFile` operations in a workspace edit
    hierarchical_symbols: bool = False
    link_tooltip: bool = False
    pull_diagnostics: bool = False
    diagnostic_refresh: bool = False
    code_lens_refresh: bool = False
    watched_files_dynamic: bool = False
    configuration: bool = False

    @property
    def pull_mode(self) -> bool:
        """Answer pulls instead of pushing: only when the client pulls and can be asked to pull
        again (`workspace/diagnostic/refresh`), so changes elsewhere in the workspace still show.
        Pushing as well would show every diagnostic twice in clients that keep both."""
        return self.pull_diagnostics and self.diagnostic_refresh

    @classmethod
    def of(cls, caps: types.ClientCapabilities) -> "ClientCaps":
        def has(path: str, default=None):
            return get_capability(caps, path, default)

        def markdown(path: str) -> bool:
            return types.MarkupKind.Markdown in (has(path, []) or [])

        tags = has("text_document.completion.completion_item.tag_support")
        return cls(
            snippets=bool(has("text_document.completion.completion_item.snippet_support", False)),
            completion_markdown=markdown("text_document.completion.completion_item.documentation_format"),
            deprecated_tag=bool(tags and types.CompletionItemTag.Deprecated in (tags.value_set or [])),
            hover_markdown=markdown("text_document.hover.content_format"),
            related_information=bool(has("text_document.publish_diagnostics.related_information", False)),
            diagnostic_tags=bool(has("text_document.publish_diagnostics.tag_support")),
            code_action_literals=bool(has("text_document.code_action.code_action_literal_support")),
            document_changes=bool(has("workspace.workspace_edit.document_changes", False)),
            rename_files=types.ResourceOperationKind.Rename in (has("workspace.workspace_edit.resource_operations", []) or []),
            hierarchical_symbols=bool(has("text_document.document_symbol.hierarchical_document_symbol_support", False)),
            link_tooltip=bool(has("text_document.document_link.tooltip_support", False)),
            pull_diagnostics=has("text_document.diagnostic") is not None,
            diagnostic_refresh=bool(has("workspace.diagnostics.refresh_support", False)),
            code_lens_refresh=bool(has("workspace.code_lens.refresh_support", False)),
            watched_files_dynamic=bool(has("workspace.did_change_watched_files.dynamic_registration", False)),
            configuration=bool(has("workspace.configuration", False)),
        )

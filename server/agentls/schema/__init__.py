"""The one catalog of what an agent file may contain: fields, values, tools, names, rules.

Completion, hover, diagnostics, the JSON Schema export and the docs all read this package;
nothing else in agentls spells a tool or field name.
"""

from agentls.lazy import exports

__getattr__ = exports(globals(), {
    'fields': ('AGENT_FIELDS', 'AGENT_PROFILE', 'COLORS', 'EFFORTS', 'IGNORED_NOTES', 'ISOLATION', 'MEMORY', 'MISTAKEN_FIELDS', 'MODEL_ALIASES', 'MODEL_ID', 'NAME_PATTERN', 'PERMISSION_MODES', 'FieldSpec', 'Profile', 'Value', 'is_known_field', 'profile_for', 'PROFILES'),
    'names': ('McpName', 'Specifier', 'parse_mcp', 'parse_specifier', 'specifier_problem'),
    'rules': ('CATEGORIES', 'RULES', 'RULES_BY_CODE', 'SEVERITIES', 'Rule', 'find_rule'),
    'tools': ('OLD_TOOLS', 'TOOL_WORDS', 'TOOLS', 'Cap', 'OldTool', 'Tool', 'canonical', 'capabilities', 'current_tool', 'old_tool', 'resolves', 'tool_by_case', 'tools_with'),
    'versions': ('LATEST', 'LATEST_VERSION', 'Version', 'at_least', 'parse_version'),
})

__all__ = [
    "AGENT_FIELDS", "AGENT_PROFILE", "COLORS", "EFFORTS", "IGNORED_NOTES", "ISOLATION", "MEMORY",
    "MISTAKEN_FIELDS", "MODEL_ALIASES", "MODEL_ID", "NAME_PATTERN", "PERMISSION_MODES", "FieldSpec",
    "Profile", "Value", "is_known_field", "profile_for", "PROFILES", "McpName", "Specifier", "parse_mcp", "parse_specifier",
    "specifier_problem", "CATEGORIES", "RULES", "RULES_BY_CODE", "SEVERITIES", "Rule", "find_rule",
    "OLD_TOOLS", "TOOLS", "Cap", "OldTool", "Tool", "canonical", "capabilities", "current_tool",
    "old_tool", "resolves", "TOOL_WORDS", "tool_by_case", "tools_with", "LATEST", "LATEST_VERSION", "Version", "at_least",
    "parse_version",
]

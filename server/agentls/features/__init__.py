"""LSP features: small modules that translate between LSP types and the agentls model.

Each module is a set of pure functions of a parsed `Document`, the `WorkspaceIndex`, the
settings and what the client can do (`ClientCaps`); `agentls.server` wires them to requests, importing each on first use.
"""

FIX_ALL = "source.fixAll.agentls"
FETCH_COMMAND = "agentls.mcp.fetchTools"  # start one MCP server and cache its tools (the user asks)


class Refused(Exception):
    """A request agentls will not carry out (a rename); the message says why (the client shows it)."""

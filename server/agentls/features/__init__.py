"""LSP features: small modules that translate between LSP types and the agentls model.

Each module is a set of pure functions of a parsed `Document`, the `WorkspaceIndex`, the
settings and what the client can do (`ClientCaps`); `agentls.server` wires them to requests.
"""

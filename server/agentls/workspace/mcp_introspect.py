"""Fetch the tools of one MCP server, only when the user asks (`agentls mcp fetch SERVER`, or the
server's `agentls.mcp.fetchTools` command), and cache them (`mcp_cache`).

Starting a server runs whatever its configuration says: nothing in agentls calls this module on
its own. The official `mcp` SDK (an optional extra: `pip install 'agentls[mcp]'`) is imported
inside `fetch_tools` only, never on the check path.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from agentls.workspace.mcp_cache import FetchedTool, save
from agentls.workspace.mcp_config import McpConfig, ServerEntry

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
SCOPE_ORDER = ("local", "project", "extra", "user", "plugin", "settings", "agent")
DEFAULT_TIMEOUT = 30.0


class FetchError(Exception):
    """Why the tools could not be fetched, in words for the user."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    server: str
    tools: list[FetchedTool]
    cache_path: str
    launch: str


def expand(value: object, env: dict[str, str]) -> object:
    """`${VAR}` and `${VAR:-default}` expanded the way Claude Code expands them."""
    if isinstance(value, str):
        return _VAR.sub(lambda m: env.get(m.group(1), m.group(2) if m.group(2) is not None else ""), value)
    if isinstance(value, list):
        return [expand(v, env) for v in value]
    if isinstance(value, dict):
        return {k: expand(v, env) for k, v in value.items()}
    return value


def pick_entry(config: McpConfig, server: str) -> ServerEntry:
    """The configuration Claude Code would use for `server` (local > project > user > plugin)."""
    entries = [e for e in config.servers.get(server, []) if e.config]
    if not entries:
        known = ", ".join(sorted(config.servers)) or "none"
        raise FetchError(f"no MCP server named `{server}` is configured with a command or URL (configured: {known}; searched: {', '.join(config.searched)})")
    return sorted(entries, key=lambda e: SCOPE_ORDER.index(e.scope) if e.scope in SCOPE_ORDER else 99)[0]


async def _list_tools(entry: ServerEntry, cwd: str | None, timeout: float) -> list[FetchedTool]:
    import anyio
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    env = dict(os.environ)
    conf = expand(entry.config, env)
    assert isinstance(conf, dict)
    kind = str(conf.get("type") or ("http" if conf.get("url") else "stdio"))
    if kind == "stdio":
        if not conf.get("command"):
            raise FetchError(f"`{entry.name}` has no `command`")
        target: object = StdioServerParameters(command=str(conf["command"]), args=[str(a) for a in conf.get("args") or []],
                                               env={str(k): str(v) for k, v in (conf.get("env") or {}).items()}, cwd=cwd)
    elif kind in ("http", "streamable-http"):
        if conf.get("headers"):
            raise FetchError(f"`{entry.name}` needs HTTP headers, which `agentls mcp fetch` does not send yet")
        target = str(conf.get("url") or "")
    else:
        raise FetchError(f"`{entry.name}` uses the `{kind}` transport; agentls fetches tools over stdio and HTTP only")
    tools: list[FetchedTool] = []
    with anyio.fail_after(timeout):
        async with Client(target, read_timeout_seconds=timeout) as client:  # type: ignore[arg-type]
            cursor = None
            for _ in range(100):  # pages
                page = await client.list_tools(cursor=cursor)
                tools.extend(FetchedTool(t.name, (t.description or "").strip()) for t in page.tools)
                cursor = page.next_cursor
                if not cursor:
                    break
    return tools


def fetch_tools(config: McpConfig, server: str, cwd: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> FetchResult:
    """Start `server` as configured, list its tools, stop it, and cache the list."""
    try:
        import anyio
    except ImportError as exc:  # pragma: no cover - anyio comes with the mcp extra
        raise FetchError("the `mcp` package is not installed: `pip install 'agentls[mcp]'`") from exc
    try:
        import mcp  # noqa: F401
    except ImportError as exc:
        raise FetchError("the `mcp` package is not installed: `pip install 'agentls[mcp]'`") from exc
    entry = pick_entry(config, server)
    try:
        tools = anyio.run(_list_tools, entry, cwd, timeout)
    except FetchError:
        raise
    except TimeoutError as exc:
        raise FetchError(f"`{server}` did not list its tools within {timeout:g} seconds") from exc
    except BaseException as exc:  # the SDK raises exception groups, OSError, McpError...
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise FetchError(f"`{server}` could not be started or queried ({_why(exc)})") from exc
    path = save(server, entry.config, tools, entry.launch)
    return FetchResult(server, tools, path, entry.launch)


def _why(exc: BaseException) -> str:
    inner = getattr(exc, "exceptions", None)
    if inner:
        return _why(inner[0])
    return f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__

"""Find agent files and say what kind each one is, from its path alone."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field

SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", "dist", "build", ".hg", ".svn"})
MAX_FILE_BYTES = 2 * 1024 * 1024


def _parts(path: str) -> list[str]:
    return os.path.normpath(os.path.abspath(path)).split(os.sep)


def plugin_root(path: str) -> str | None:
    """The plugin folder (holding `.claude-plugin/plugin.json`) that contains `path`, if any."""
    here = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.isfile(os.path.join(here, ".claude-plugin", "plugin.json")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


KINDS = ("agent", "plugin-agent", "skill", "plugin-skill", "command", "plugin-command", "copilot-agent", "copilot-prompt", "opencode-agent")


def kind_for_path(path: str) -> str | None:
    """The kind of agent file at `path`, from the path alone; None when it is not one.

    Claude Code: `.claude/agents/**` (agent), `.claude/skills/<name>/SKILL.md` (skill),
    `.claude/commands/**` (command), and the same under a plugin (`plugin-*`). Copilot / VS Code:
    `.github/agents/**` and legacy `.github/chatmodes/*.chatmode.md` (copilot-agent),
    `.github/prompts/**/*.prompt.md` (copilot-prompt). OpenCode: `.opencode/agent(s)/**` and
    `~/.config/opencode/agent(s)/**` (opencode-agent).
    """
    if not path.endswith(".md"):
        return None
    parts = _parts(path)
    name = parts[-1]
    for i in range(len(parts) - 2, 0, -1):
        if parts[i - 1] == ".claude":
            if parts[i] == "agents":
                return "agent"
            if parts[i] == "commands":
                return "command"
            if parts[i] == "skills":
                return "skill" if name == "SKILL.md" and i == len(parts) - 3 else None
        if parts[i - 1] == ".github":
            if parts[i] == "agents":
                return "copilot-agent"
            if parts[i] == "chatmodes":
                return "copilot-agent" if name.endswith(".chatmode.md") else None
            if parts[i] == "prompts":
                return "copilot-prompt" if name.endswith(".prompt.md") else None
        if parts[i] in ("agent", "agents") and (parts[i - 1] == ".opencode" or (parts[i - 1] == "opencode" and i > 1 and parts[i - 2] == ".config")):
            return "opencode-agent"
    folders = parts[:-1]
    if "agents" in folders or "commands" in folders or "skills" in folders:
        root = plugin_root(path)
        if root is not None:
            inner = parts[len(_parts(root)) : -1]
            if inner[:1] == ["agents"]:
                return "plugin-agent"
            if inner[:1] == ["commands"]:
                return "plugin-command"
            if inner[:1] == ["skills"] and len(inner) == 2 and name == "SKILL.md":
                return "plugin-skill"
            if "agents" in inner:
                return "plugin-agent"
    return None


def scope_of(path: str) -> str:
    """Files that share a scope compete for names: the `.claude/agents` folder or plugin."""
    parts = _parts(path)
    for i in range(len(parts) - 2, 0, -1):
        if parts[i] == "agents" and parts[i - 1] == ".claude":
            return os.sep.join(parts[: i + 1])
    root = plugin_root(path)
    return root or os.path.dirname(os.path.abspath(path))


def workspace_root(path: str) -> str | None:
    """The nearest folder above `path` holding `.claude`, `.mcp.json` or `.git`, if any."""
    here = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path))
    while True:
        if any(os.path.exists(os.path.join(here, m)) for m in (".claude", ".mcp.json", ".git")) and os.path.basename(here) != ".claude":
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


@dataclass(slots=True)
class Discovery:
    """The agent files found under a folder, and the places skipped."""

    files: list[tuple[str, str]] = field(default_factory=list)  # (path, kind)
    notes: list[str] = field(default_factory=list)  # skipped places, with why
    plugin_roots: list[str] = field(default_factory=list)


def discover(root: str) -> Discovery:
    """Agent files of every kind under `root` (see `kind_for_path`).

    Symbolic links to folders are not followed (no loops); unreadable folders are noted.
    """
    out = Discovery()

    def onerror(exc: OSError) -> None:
        out.notes.append(f"{exc.filename}: skipped ({exc.strerror or exc.__class__.__name__})")

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        if os.path.isfile(os.path.join(dirpath, ".claude-plugin", "plugin.json")):
            out.plugin_roots.append(dirpath)
        for name in sorted(filenames):
            if not name.endswith(".md"):
                continue
            path = os.path.join(dirpath, name)
            kind = kind_for_path(path)
            if kind is None:
                continue
            why = _unusable(path)
            if why is not None:
                out.notes.append(f"{path}: skipped ({why})")
                continue
            out.files.append((path, kind))
    return out


def _unusable(path: str) -> str | None:
    """Why a discovered file cannot be checked (broken or looping link, not a file, unreadable)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(path):
            return "broken symbolic link"
        return exc.strerror or exc.__class__.__name__
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if not os.access(path, os.R_OK):
        return "not readable: permission denied"
    return None


def read_text(path: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, str | None]:
    """(text, None) or (None, why it cannot be checked): missing, unreadable, binary, too large, not UTF-8."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; only regular files are read
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                return None, "is a folder"
            if not stat.S_ISREG(st.st_mode):
                return None, "not a regular file (a named pipe, device or socket); agent files are text files"
            if st.st_size > limit:
                return None, f"file is {st.st_size / 1048576:.1f} MB, larger than the {limit // 1048576} MB limit for agent files; not checked"
            data = fh.read(st.st_size + 1)  # a buffer of the file's size, not of the limit
            if len(data) > st.st_size:  # it grew since: read on, up to the limit
                data += fh.read(limit + 1 - len(data))
    except FileNotFoundError:
        return None, "no such file"
    except IsADirectoryError:
        return None, "is a folder"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symbolic link loop"
        return None, f"cannot read ({exc.strerror or exc.__class__.__name__})"
    if len(data) > limit:
        return None, f"file is larger than the {limit // 1048576} MB limit for agent files; not checked"
    if b"\x00" in data[:8192]:
        return None, "binary file (it contains NUL bytes); agent files are UTF-8 text"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); re-save the file as UTF-8"

"""The editor configurations agree with the server: settings, rule codes, defaults, JSON Schema,
and the Helix / Zed / Sublime files parse and start `agentls serve` for markdown agent files.
Plain Python: these run everywhere, with no editor installed."""

from __future__ import annotations

import json
import tomllib

from agentls.analysis.config import DEFAULT_AGENT_PATTERNS, SCOPES, Config
from agentls.schema.json_schema import frontmatter_json_schema
from agentls.schema.rules import RULES, SEVERITIES

from editor_support import EDITOR_CONFIG

def load_jsonc(path) -> dict:
    """Zed's and Sublime's settings files allow // comment lines."""
    raw = path.read_text(encoding="utf-8")
    return json.loads("\n".join(line for line in raw.splitlines() if not line.lstrip().startswith("//")))


PACKAGE = json.loads((EDITOR_CONFIG / "vscode" / "package.json").read_text(encoding="utf-8"))
PROPS = PACKAGE["contributes"]["configuration"]["properties"]


def test_vscode_settings_mirror_the_server_config() -> None:
    defaults = Config()
    assert PROPS["agentls.diagnostics.delay"]["default"] == defaults.delay_ms
    assert PROPS["agentls.diagnostics.scope"]["default"] == defaults.scope and PROPS["agentls.diagnostics.scope"]["enum"] == list(SCOPES)
    assert PROPS["agentls.files.agents"]["default"] == list(DEFAULT_AGENT_PATTERNS)
    assert PROPS["agentls.mcp.configPaths"]["default"] == list(defaults.mcp_config_paths)
    assert PROPS["agentls.claudeCodeVersion"]["default"] == ""  # empty = the newest the server knows
    assert PROPS["agentls.rules.disable"]["items"]["enum"] == [r.code for r in RULES], "rule codes changed: run `python scripts/sync_generated.py`"
    assert PROPS["agentls.rules.severity"]["additionalProperties"]["enum"] == [*SEVERITIES, "off"]
    prefixes = {r.code[0] for r in RULES}
    pattern = PROPS["agentls.rules.severity"]["propertyNames"]["pattern"]
    assert pattern == f"^[{''.join(sorted(prefixes, key='SFTMCRDE'.index))}]\\d{{3}}$"


def test_vscode_settings_mapping_keys_exist() -> None:
    """Every key the extension forwards (src/settings.ts) is a contributed setting."""
    source = (EDITOR_CONFIG / "vscode" / "src" / "settings.ts").read_text(encoding="utf-8")
    block = source.split("export const FORWARDED_KEYS = [", 1)[1].split("]", 1)[0]
    keys = [k.strip().strip('"') for k in block.split(",") if k.strip()]
    assert keys and all(f"agentls.{k}" in PROPS for k in keys), keys
    restart = source.split("export const RESTART_KEYS = [", 1)[1].split("]", 1)[0]
    assert all(f"agentls.{k.strip().strip(chr(34))}" in PROPS for k in restart.split(",") if k.strip())


def test_committed_json_schema_is_the_generated_one() -> None:
    committed = json.loads((EDITOR_CONFIG / "vscode" / "schemas" / "agent-frontmatter.schema.json").read_text(encoding="utf-8"))
    assert committed == frontmatter_json_schema(), (
        "regenerate: `python scripts/sync_generated.py`")


def test_vscode_activation_does_not_claim_all_markdown() -> None:
    assert "onLanguage:markdown" in PACKAGE["activationEvents"]  # activates, but starts the server only for agent files
    assert all("**/*.md" != p for p in PROPS["agentls.files.agents"]["default"])
    assert "languages" not in PACKAGE["contributes"], "agent files stay markdown"


def test_helix_languages_toml() -> None:
    data = tomllib.loads((EDITOR_CONFIG / "helix" / "languages.toml").read_text(encoding="utf-8"))
    server = data["language-server"]["agentls"]
    assert server["command"] == "agentls" and server["args"] == ["serve"]
    langs = {lang["name"]: lang for lang in data["language"]}
    agent = langs["claude-agent"]
    assert agent["language-servers"][0] == "agentls" or agent["language-servers"][0] == {"name": "agentls"}
    assert any(".claude/agents/" in g.get("glob", "") for g in agent["file-types"] if isinstance(g, dict))
    assert agent["grammar"] == "markdown"


def test_zed_settings() -> None:
    settings = load_jsonc(EDITOR_CONFIG / "zed" / "settings.json")
    binary = settings["lsp"]["agentls"]["binary"]
    assert binary["path"] == "agentls" and binary["arguments"] == ["serve"]
    ext = tomllib.loads((EDITOR_CONFIG / "zed" / "extension" / "extension.toml").read_text(encoding="utf-8"))
    assert "agentls" in ext["language_servers"]
    assert ext["language_servers"]["agentls"]["languages"] == ["Markdown"]


def test_sublime_lsp_settings() -> None:
    data = load_jsonc(EDITOR_CONFIG / "sublime" / "LSP.sublime-settings")
    client = data["clients"]["agentls"]
    assert client["command"] == ["agentls", "serve"]
    assert client["enabled"] is True
    assert "text.html.markdown" in client["selector"]

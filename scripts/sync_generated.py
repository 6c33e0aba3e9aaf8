"""Regenerate the files derived from the catalog: the README's rule table, the VS Code
extension's rule-code list and its frontmatter JSON Schema. Tests fail when these drift;
run `python scripts/sync_generated.py` after changing agentls.schema."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

from agentls.schema.json_schema import frontmatter_json_schema  # noqa: E402
from agentls.schema.rules import RULES, rules_markdown_table  # noqa: E402


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = re.sub(r"<!-- rules:start -->\n.*?\n<!-- rules:end -->", lambda m: "<!-- rules:start -->\n" + rules_markdown_table() + "\n<!-- rules:end -->", text, flags=re.S)
    readme.write_text(text, encoding="utf-8")

    package = ROOT / "editor-config" / "vscode" / "package.json"
    raw = package.read_text(encoding="utf-8")
    codes = ", ".join(f'"{r.code}"' for r in RULES)
    raw = re.sub(r'("agentls\.rules\.disable": \{\s*"type": "array",\s*"items": \{\s*"type": "string",\s*"enum": \[)[^\]]*(\])', lambda m: m.group(1) + codes + m.group(2), raw)
    prefixes = "".join(sorted({r.code[0] for r in RULES}, key="SFTMCRDE".index))
    raw = re.sub(r'"pattern": "\^\[[A-Z]+\]\\\\d\{3\}\$"', f'"pattern": "^[{prefixes}]\\\\\\\\d{{3}}$"', raw)
    package.write_text(raw, encoding="utf-8")

    schema = ROOT / "editor-config" / "vscode" / "schemas" / "agent-frontmatter.schema.json"
    schema.write_text(json.dumps(frontmatter_json_schema(), indent=2) + "\n", encoding="utf-8")

    pages = ROOT / "docs" / "rules"
    pages.mkdir(parents=True, exist_ok=True)
    for old in pages.glob("*.md"):
        if old.stem not in {r.code for r in RULES} and old.name != "README.md":
            old.unlink()
    for r in RULES:
        (pages / f"{r.code}.md").write_text(r.page(), encoding="utf-8")
    index = ["# agentls rules", "", "One page per rule, generated from the catalog (`python scripts/sync_generated.py`).", "",
             "| code | name | category | default | what it reports |", "|---|---|---|---|---|"]
    index += [f"| [{r.code}]({r.code}.md) | `{r.name}` | {r.category} | {r.severity} | {r.summary} |" for r in RULES]
    (pages / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

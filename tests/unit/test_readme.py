"""The README's rule table is generated from the catalog; it cannot drift."""

import re

from agentls.schema.rules import rules_markdown_table

from support import REPO


def test_readme_rule_table_matches_catalog():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", readme, re.DOTALL)
    assert m, "README.md lacks the rules table markers"
    assert m.group(1).strip() == rules_markdown_table().strip(), "regenerate the table from agentls.schema.rules.rules_markdown_table()"


def test_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest -q" in readme and "python -m pytest -q" in ci


def test_readme_stays_a_users_page():
    """Set-up, CLI, configuration, editors and rules: at most 450 lines (the rest is in docs/)."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= 450, f"README.md has {lines} lines; move details to docs/"

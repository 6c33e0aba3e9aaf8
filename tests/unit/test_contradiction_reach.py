"""What the contradiction rules read beyond plain English imperatives, and what they leave alone:
user gates written as conditions or in other languages, asks that name no user (hints), limited
objects, embedded questions, glosses, named hand-offs, forbidden tools, other call syntaxes.
Every text here is written for this test."""

from __future__ import annotations

import pytest

from agentls.analysis import analyze
from agentls.document import parse_document


def findings(body: str, tools: str | None = "Read, Grep", extra: str = "") -> list:
    fm = "name: helper\ndescription: Helps with the work.\n" + (f"tools: {tools}\n" if tools is not None else "") + extra
    doc = parse_document(f"---\n{fm}---\n\n{body}\n", kind="agent")
    return [f for f in analyze(doc) if f.category == "contradiction"]


def seen(body: str, tools: str | None = "Read, Grep", extra: str = "") -> list[tuple[str, str]]:
    """(code, severity) of each finding a user sees, hints included."""
    return [(f.code, f.severity) for f in findings(body, tools, extra)]


# ---- C005: gates on the user ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Never drop a table without the user's explicit approval.",
    "- Do not publish the release without explicit user confirmation.",
    "Only merge once the user has signed off.",
    "Present the migration plan to the user for review before applying it.",
    "Nunca borres datos sin la aprobación explícita del usuario.",  # es
    "Não publique nada sem a aprovação do usuário.",  # pt
    "Demande confirmation à l'utilisateur avant de supprimer quoi que ce soit.",  # fr
    "Lösche nichts ohne die Bestätigung des Benutzers.",  # de
    "削除する前に必ずユーザーに確認してください。",  # ja
    "删除之前先向用户确认。",  # zh
    "삭제하기 전에 사용자에게 확인을 받으세요.",  # ko
    "Before any force-push, double-check with the user.",
    "If the schema is missing, notify the user before proceeding.",
    "같은 오류가 세 번 나면 사용자에게 도움 요청",  # ko: ask the user for help
])
def test_user_gates_in_conditions_and_languages(text: str):
    assert ("C005", "warning") in seen(text)


@pytest.mark.parametrize("text", [
    "Pergunte ao usuário antes de apagar qualquer arquivo.",  # pt: ask the user
    "Frage den Benutzer, bevor du etwas löschst.",  # de: ask the user
])
def test_asking_the_user_in_portuguese_and_german(text: str):
    assert ("C005", "warning") in seen(text)


@pytest.mark.parametrize("text", [
    "Never delete a branch without approval.",  # approval with no one named, gating what is forbidden
    "Do not add a dependency without explicit approval.",
    "Nunca borres una rama sin aprobación.",  # es
    "Lösche keine Branches ohne Freigabe.",  # de
    "Nunca apague uma branch sem aprovação.",  # pt
    "承認なしにブランチを削除しないでください。",  # ja
    "未经批准，不要删除分支。",  # zh
    "승인 없이 브랜치를 삭제하지 마세요.",  # ko
])
def test_unnamed_approval_in_every_language_is_a_gate(text: str):
    assert seen(text) == [("C005", "warning")]  # an approval only a person gives, as "wait for approval"


@pytest.mark.parametrize("text", [
    "Never add tracking tags without consent.",  # whose consent is not said: the caller's may do
    "Ne supprime aucune branche sans accord.",  # fr
    "Lösche keine Branches ohne Zustimmung.",  # de
    "未经同意，不要删除分支。",  # zh
])
def test_unnamed_consent_is_a_hint(text: str):
    assert seen(text) == [("C005", "hint")]


def test_the_user_by_first_name():
    assert ("C005", "warning") in seen("Never update the shared rows without Dana's explicit OK.")
    assert not seen("The job ran without Dana's approval last year.")
    assert not seen("Never publish without Claude's review.")


@pytest.mark.parametrize("text", [
    "The nightly job deploys without approval once the tests pass.",  # what happens, not a gate
    "Ce script tourne sans accord préalable.",  # fr: the same
])
def test_approval_in_a_statement_is_no_gate(text: str):
    assert not [c for c, s in seen(text) if c == "C005"]


@pytest.mark.parametrize("text", [
    "The agent has full write access without user approval, by design.",  # a statement, not a gate
    "Validate the form when the user clicks Save.",  # the app's user, no gate
    "Ask the reviewer agent for a second opinion.",  # another agent
    "Verifica que el usuario tenga permisos de lectura.",  # es: the app's user, no gate
    "ユーザー入力を検証する関数を書く。",  # ja: validate user input
])
def test_a_user_merely_mentioned_is_no_gate(text: str):
    assert not [c for c, s in seen(text) if c == "C005" and s != "hint"]


@pytest.mark.parametrize("text", [
    "Wait for the developer to confirm the plan.",
    "Only merge once the maintainer has approved.",
    "Check with me before committing.",
])
def test_the_developer_the_maintainer_and_me_are_the_user(text: str):
    assert ("C005", "warning") in seen(text)


@pytest.mark.parametrize("text", ["Wait for the developer-agent to finish.", "Ask the developer agent to fix it."])
def test_a_developer_agent_is_another_agent(text: str):
    assert not [c for c, s in seen(text) if c == "C005" and s != "hint"]


def test_an_ask_that_names_no_user_is_a_hint():
    [(code, severity)] = seen("If the requirements are ambiguous, ask clarifying questions first.")
    assert (code, severity) == ("C005", "hint")
    [f] = findings("If the requirements are ambiguous, ask clarifying questions first.")
    assert "ask clarifying questions" in f.message and "names no one to ask" in f.message


def test_messages_quote_what_was_read():
    [f] = findings("Never drop a table without the user's explicit approval.")
    assert f.message.startswith('"Never drop a table without the user\'s explicit approval." (it makes the work wait on the user) asks the user')


@pytest.mark.parametrize(("body", "why"), [
    ("Run `npm test` and report failures.", "(an imperative in the agent's prompt)"),
    ("You always run `npm test` before answering.", '(said to the agent as "you")'),
    ("## Checks\n\n- tests: `npm test`\n", '(a step labelled "tests")'),
    ("Before you answer:\n\n```bash\nnpm test\n```\n", "(a command in the steps' code block)"),
])
def test_messages_say_why_the_words_are_an_instruction_to_the_agent(body: str, why: str):
    [f] = findings(body)
    assert why in f.message


# ---- C001: prohibitions -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Never modify: package.json, tsconfig.json.",  # the list names what
    "Never modify anything under `docs/decisions/`.",  # a path limits it
    "- Do not delete, disable or weaken a test to make the build pass.",  # the series shares an object
    "Ne modifie aucun fichier source (lecture seule sur `server/`).",  # fr: limited to source files
    "- NO production code editing: you test and report, the developers fix.",  # production code, not tests
])
def test_limited_prohibitions_are_not_blanket(text: str):
    assert not [c for c, _ in seen(text, tools="Read, Edit, Write")]


@pytest.mark.parametrize("text, tools", [
    ("You are a read-only auditor.", "Read, Edit"),
    ("You do not perform implementation work yourself.", None),
    ("Solo lectura: no modificar ningún archivo.", "Read, Write"),  # es
    ("You MUST NOT use the Agent tool to spawn helpers.", None),
    ("- NO code editing: you review and report.", "Read, Edit"),
])
def test_blanket_prohibitions_against_the_grant(text: str, tools: str | None):
    assert "C001" in [c for c, _ in seen(text, tools=tools)]


def test_a_forbidden_tool_that_is_not_granted_is_fine():
    assert not seen("You MUST NOT use the Agent tool to spawn helpers.", tools="Read")


def test_memory_tools_serve_the_memory_files():
    # `memory` adds Write and Edit for the agent's notes: "never edit code" is only information next to them
    # (they can change any file; nothing else keeps the agent to its memory)
    assert [s for c, s in seen("Never edit code.", tools="Read, Grep", extra="memory: project\n") if c == "C001"] == ["information"]
    # and they satisfy "update your memory file"
    assert not [c for c, _ in seen("Update your memory file with what you learned.", tools="Read", extra="memory: project\n")]


# ---- C002 / C003: what is required ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Fix the failing tests.",
    "Implement the endpoint and add tests.",
    "Refactor the module to remove duplication.",
])
def test_changes_only_an_edit_can_make_need_a_writing_tool(text: str):
    assert ("C002", "warning") in seen(text, tools="Read, Grep")
    assert not seen(text, tools="Read, Edit")


def test_an_inferred_change_does_not_contradict_a_prohibition():
    """"Fix the bug" needs an edit, but only a request in so many words contradicts "never write
    code" (a template's "implement the endpoint" for another agent would otherwise)."""
    assert not [c for c, _ in seen("You never write code.\n\nImplement the endpoint for the team.", tools=None) if c == "C004"]


@pytest.mark.parametrize("text", [
    "Suggest how to fix the bug.",  # what the agent recommends
    "Do not fix the bugs yourself: report them.",
])
def test_a_change_recommended_or_forbidden_needs_no_tool(text: str):
    assert not [c for c, _ in seen(text, tools="Read, Grep") if c == "C002"]


@pytest.mark.parametrize("text", [
    "Update the CHANGELOG.md with the new entry.",  # a determiner before the file
    "Save your findings to `notes/review.md`.",
])
def test_a_named_file_to_write_needs_a_writing_tool(text: str):
    assert ("C002", "warning") in seen(text, tools="Read, Grep")
    assert not seen(text, tools="Read, Edit")


@pytest.mark.parametrize("text", [
    "When you are done, hand off to `test-writer` for coverage.",
    "Hand the work off to the test-writer agent.",
    "1. Delegar al agente **extractor** la descarga de las fuentes.",  # es
    "Délègue la tâche au sous-agent de revue.",  # fr
    "Hand the SQL work to `query-tuner`.",
    "- Schema changes: consult the schema-keeper agent first.",
])
def test_named_hand_offs_need_a_delegation_tool(text: str):
    assert "C002" in [c for c, _ in seen(text)]
    assert not seen(text, tools="Read, Agent")


@pytest.mark.parametrize("text", [
    "Hand the report back to the caller.",
    "Hand it to the user for review.",
    "Consult the `docs/` folder first.",
    "Consult `payments-billing` for the plan shapes.",  # a skill as often as an agent
    "- Hand off to **@ui-polisher** for visual design.",  # a team list: as often the caller's next step
])
def test_hand_overs_to_no_named_agent_are_not_delegation(text: str):
    assert "C002" not in [c for c, _ in seen(text)]


@pytest.mark.parametrize("text", ["- Formatting: `prettier --check .`", "- **Tests**: `npm test`"])
def test_a_check_named_by_its_command_needs_a_shell(text: str):
    assert ("C002", "warning") in seen(text, tools="Read, Grep")
    assert not seen(text, tools="Read, Bash")
    assert not seen("- Package manager: `pnpm`", tools="Read, Grep")  # a tool the project uses, not a check to run


def test_an_mcp_server_named_in_prose_needs_some_mcp_grant():
    """"the Linear MCP server" names a server no catalogue knows: missing when no MCP server at all is
    granted; with one granted, its configured name may well be another spelling."""
    text = "Create a ticket for each finding through the Linear MCP server."
    assert ("C002", "warning") in seen(text, tools="Read, Grep")
    assert not seen(text, tools="Read, mcp__linear-server__create_issue")
    assert not seen("Use the custom MCP server for tickets.", tools="Read, Grep")  # no name


def test_memory_that_cannot_be_updated_is_a_frontmatter_conflict():
    [f] = findings("Review the code.", tools=None, extra="memory: project\ndisallowedTools: Write, Edit\n")
    assert f.code == "C006" and (f.range.start.line, f.range.start.character) == (3, 8) and len(f.related) == 2
    assert not findings("Review the code.", tools=None, extra="memory: project\ndisallowedTools: Bash\n")


def test_disallowed_tools_against_the_text_when_tools_are_inherited():
    """`tools` omitted: everything is inherited but what `disallowedTools` removes."""
    [f] = findings("Search the web for the docs.", tools=None, extra="disallowedTools: WebSearch, WebFetch\n")
    assert f.code == "C002" and "`disallowedTools` removes" in f.message and f.related[0].range.start.line == 3
    assert not findings("Search the web for the docs.", tools=None, extra="disallowedTools: Bash\n")


def described(description: str, tools: str = "Read, Grep") -> list[str]:
    doc = parse_document(f"---\nname: helper\ndescription: {description}\ntools: {tools}\n---\n\nHelp.\n", kind="agent")
    return [f.code for f in analyze(doc) if f.category == "contradiction" and f.severity != "hint"]


def test_the_job_a_description_gives_needs_its_tools():
    assert described("Writes unit tests for new modules.") == ["C002"]
    assert described("Searches the web for the latest release notes.") == ["C002"]
    assert described("Writes unit tests for new modules.", tools="Read, Write") == []
    assert described("Reviews code. Use immediately after writing or modifying code.") == []  # the caller's moment


HANDOFFS = "## Hand-offs\n\n| When | Hand off to |\n|---|---|\n| Tests fail | `test-fixer` |\n| Docs are missing | doc-writer |"


def test_a_hand_off_table_names_the_agents_work_goes_to():
    found = findings(HANDOFFS)
    assert [f.code for f in found] == ["C002", "C002"]
    assert [(f.range.start.line, f.range.start.character, f.range.end.character) for f in found] == [(10, 16, 26), (11, 21, 31)]
    assert "Hand off to `test-fixer`" in found[0].message
    assert not findings(HANDOFFS, tools="Read, Agent")
    assert not findings(HANDOFFS.replace("Hand off to", "Owner"))  # a column that says nothing of hand-offs


def test_embedded_questions_and_glosses_are_not_instructions():
    assert not seen("Check whether the PR modifies code in `src/`.")
    assert not seen("Use `/review --fix` (which would apply the fixes) only from the main session.", tools="Read")


@pytest.mark.parametrize("block", [
    '```json\n{"tool": "mcp__tracker__get_issue", "arguments": {"id": 7}}\n```',
    "```\nmcp__tracker__get_issue {\"id\": 7}\n```",
])
def test_other_call_syntaxes_in_code_blocks(block: str):
    assert "C003" in [c for c, _ in seen("Fetch the ticket first:\n\n" + block)]


def test_configuration_and_examples_in_code_blocks_are_not_calls():
    assert not seen('Example output:\n\n```json\n{"tool": "mcp__tracker__get_issue"}\n```')
    assert not seen('Hook set-up:\n\n```json\n{"matcher": "mcp__tracker__get_issue"}\n```')


def test_nothing_resolves_so_nothing_is_missing():
    # `tools` that resolve to nothing are T007's error; a missing-tool finding would only repeat it
    assert not seen("Run the tests with `npm test` and save the report to `report.md`.", tools="All tools")


@pytest.mark.parametrize("lead", ["## Risk categories\n", "Look for:\n", "Flag:\n"])
def test_gerund_items_of_a_list_of_names_are_not_steps(lead: str):
    body = lead + "\n- Executing untrusted shell commands\n- Writing secrets to log files\n"
    assert not seen(body)


def test_gerund_items_under_the_agents_duties_are_steps():
    assert ("C002", "warning") in seen("Your responsibilities:\n\n- Updating CHANGELOG.md after each release\n")
    assert ("C002", "warning") in seen("## Responsibilities\n\n- Running the test suite with `npm test`\n")


def test_a_gerund_heading_is_a_title():
    assert not seen("## Running the test suite\n\nThe suite lives in tests/.")


@pytest.mark.parametrize("body", [
    "Note for the main agent: after this review, run the full test suite and ask the user whether to merge.",
    "Instructions for the orchestrator:\n\n- run `npm test` first\n- ask the user which fix to apply\n",
    "## When to use this agent\n\nRun it after each change, and ask the user before you do.",
    "## How to use this agent\n\nRun `make lint` and pass its output to the agent.",
])
def test_text_for_the_caller_is_not_the_agents_instruction(body: str):
    assert not seen(body)


def test_a_topic_heading_that_starts_with_when_to_use_is_the_agents():
    assert ("C002", "warning") in seen("## When to use mocks\n\nRun `npm test` after adding a mock.")


def test_fetching_from_an_address_needs_the_web():
    assert ("C002", "warning") in seen("Fetch the latest docs from https://example.com/docs before answering.")
    assert not seen("Fetch the latest docs from the docs/ folder before answering.")


def test_work_done_through_a_named_agent_is_a_delegation():
    assert ("C002", "warning") in seen("Record each decision as an ADR via the docs-writer agent.", "Read, Edit")
    assert not seen("Findings reach the user via the main agent.", "Read, Edit")


def test_a_bare_server_in_tools_is_reported_once_as_a_name():
    body = "## MCP tools\n\n- **context7**: look up library documentation\n"
    assert not seen(body, "Read, context7")
    doc = parse_document("---\nname: helper\ndescription: Helps.\ntools: Read, context7\n---\n\n" + body + "\n", kind="agent")
    [t001] = [f for f in analyze(doc) if f.code == "T001"]
    assert "`context7` is an MCP server, not a tool" in t001.message and "`mcp__context7`" in t001.message
    assert t001.fixes and "mcp__context7" in t001.fixes[0].edits[0].new_text


@pytest.mark.parametrize("text", ["コードやファイルを作成しないでください。", "코드를 직접 수정하거나 파일을 생성하지 않습니다."])
def test_a_prohibition_negated_after_the_verb_in_japanese_and_korean(text: str):
    assert not seen(text, "Read, Grep")  # a prohibition, not a request to change files (C002)


def test_approval_said_to_be_unneeded_is_no_gate():
    assert not seen("Research runs on its own - no user approval needed.")


def test_a_prohibition_on_source_files_does_not_forbid_the_docs():
    body = "Update `docs/ROADMAP.md` when a design choice changes.\n\nDo not modify source code files (`.cpp`, `.hpp`)."
    assert not [c for c, _ in seen(body, "Read, Edit") if c == "C004"]
    body = "Update `src/parse.cpp` to accept tabs.\n\nDo not modify source code files."
    assert ("C004", "hint") in seen(body, "Read, Edit")


def test_no_this_no_that_is_a_condition():
    assert not seen("A frozen spec is needed. No spec, no run.", "Read, Bash")


def test_a_table_cell_that_starts_with_a_gerund_describes():
    body = "| Agent | Use for |\n| --- | --- |\n| `fullstack-developer` | Writing actual code |\n\nYou never write code."
    assert not [c for c, _ in seen(body, "Read, Write") if c == "C004"]


def test_the_sections_of_an_output_template_are_the_callers():
    body = "## Output Format\n\n### Next steps\n- Run `npm test` to verify the fix\n- Ask the user to confirm the rollout\n"
    assert not seen(body)
    assert ("C002", "warning") in seen("## Output Format\n\nRun `npm test` first, then report.\n")


@pytest.mark.parametrize("text", ["If you have Bash, run `npm test`; otherwise describe the command.",
                                  "If WebSearch is available, search the web for the error."])
def test_an_instruction_for_when_the_tool_is_there_expects_it_may_not_be(text: str):
    assert not seen(text)
    assert ("C002", "warning") in seen("If the tests fail, run `npm test -- --verbose`.")


def test_an_object_in_parentheses_is_qualified_not_the_agent():
    body = "### You cannot touch:\n\n- Application source code (review only)\n\nWrite the Terraform modules under `infra/`."
    assert not [c for c, _ in seen(body, "Read, Write, Edit") if c == "C001"]
    assert ("C001", "warning") in seen("# Reviewer (read-only)\n\nReview the diff.", "Read, Edit")


def test_a_shell_limited_to_named_commands_does_not_break_never_run_code():
    assert not seen("You never run code: you read, search and report.", "Read, Bash(ls:*), Bash(git log:*)")
    assert ("C001", "warning") in seen("You never run code: you read, search and report.", "Read, Bash")


def test_a_statement_about_a_tool_is_no_call():
    assert not seen("The cost of `EnterWorktree` is seconds; a bad edit costs hours.")
    assert ("C003", "warning") in seen("Call `EnterWorktree` first.")


def test_running_anything_that_touches_a_place_is_a_limited_prohibition():
    body = "Run `npm test` after each change.\n\n## What you do NOT do\n\n- Run anything that touches the production host directly.\n"
    assert not [c for c, _ in seen(body, "Read, Bash") if c == "C004"]


def test_a_list_the_agent_must_finish_is_not_a_list_of_prohibitions():
    body = "## Definition of done (do all of these - don't stop early)\n\n1. Make the change.\n\nEdit `src/app.ts` as specified."
    assert not [c for c, _ in seen(body, "Read, Edit") if c == "C004"]


def test_writing_no_code_is_a_prohibition():
    assert ("C001", "warning") in seen("You write NO code and touch NO files.", "Read, Edit")
    assert not seen("You write NO code and touch NO files.", "Read, Grep")


def test_when_the_caller_uses_the_agent_is_no_gate():
    assert not findings_in_description("Use after the user approves the story. Turns it into a technical brief.")


def findings_in_description(desc: str) -> list:
    doc = parse_document(f"---\nname: helper\ndescription: {desc}\ntools: Read, Grep\n---\n\nRead the story.\n", kind="agent")
    return [f for f in analyze(doc) if f.category == "contradiction" and f.severity != "hint"]


def test_writing_in_plain_language_is_no_file_change():
    assert not seen("Write in plain language, name the concrete file and line, and say what it costs.")


def test_a_capitalized_first_word_before_mcp_is_no_server_name():
    assert not seen("- **MCP-implementation** - Designa MCP server och client")
    assert ("C002", "warning") in seen("Look the ticket up with the Jira MCP server.")


def test_a_wildcard_names_the_server_a_prompt_relies_on():
    [(code, _)] = seen("ALWAYS use `mcp__chrome__*` tools for browser testing.")
    assert code == "C002"


def test_tool_calls_in_a_plain_code_block_of_steps():
    assert ("C003", "warning") in seen("### Setup\n\n```\n- Call mcp__chrome__tabs_create to open a tab\n```\n")


def test_a_tool_named_as_a_step():
    assert ("C003", "warning") in seen("Before writing code, you MUST:\n\n1. **WebSearch** for the latest versions\n", "Read, WebFetch")


def test_mcp_servers_listed_under_a_heading_in_another_language():
    assert ("C002", "warning") in seen("## MCP服务\n\n- **memory**: 记录设计决策\n")


@pytest.mark.parametrize("text", ["永远不写代码。", "コードを書かないでください。", "코드를 작성하지 마세요.", "No escribas código.",
                                  "Ne jamais écrire de code.", "Schreibe keinen Code.", "Nunca escreva código."])
def test_never_write_code_in_other_languages(text: str):
    assert ("C001", "warning") in seen(text, "Read, Write")
    assert not seen(text, "Read, Grep")


@pytest.mark.parametrize("text", [
    "Guarda el resumen en `notas/resumen.md`.",  # es
    "Salve o relatório em `docs/relatorio.md`.",  # pt
    "Ensuite, mets à jour `src/calculs.py`.",  # fr
    "Speichere die Ergebnisse in `out/ergebnis.md`.",  # de
    "結果を `out/result.md` に保存してください。",  # ja
    "最后写入 `out/result.md`。",  # zh
    "반드시 `out/result.md`를 생성하세요.",  # ko
])
def test_a_named_file_to_write_in_other_languages(text: str):
    assert ("C002", "warning") in seen(text, "Read, Grep")
    assert ("C002", "information") in seen(text, "Read, Bash")  # the shell could, fragile
    assert not seen(text, "Read, Edit")


@pytest.mark.parametrize("text", ["No modifiques `src/main.py`.", "`src/main.py`를 수정하지 마세요.", "Lee `docs/plan.md` antes de empezar.",
                                  "Credentials live in `config/.env`."])
def test_files_named_but_not_to_write_in_other_languages(text: str):
    assert "C002" not in [c for c, _ in seen(text, "Read, Grep")]


def test_generating_code_is_writing_it():
    assert ("C001", "warning") in seen("You never generate code: you design the structure.", "Read, Write")
    assert ("C002", "warning") in seen("Generate unit tests for every public function.", "Read, Grep")
    assert not seen("Do not modify production code.", "Read, Write")  # the tests are free


def test_a_notice_without_a_wait_is_no_gate():
    assert "C005" not in [c for c, _ in seen("Notify the user in your final summary.")]


def test_spanish_subjunctive_prohibitions():
    assert ("C001", "warning") in seen("No modifiques ningún archivo.", "Read, Edit")


def test_a_delegation_with_a_fallback_the_agent_can_do_is_not_required():
    assert not seen("Invoke the qa-tester subagent or run Playwright yourself to take screenshots.", "Read, Bash")


def test_an_mcp_tool_that_runs_agents_is_how_the_agent_delegates():
    tools = "Read, mcp__crew__run_agent_in_docker"
    assert not seen("Launch specialist agents using `mcp__crew__run_agent_in_docker`.", tools)


def test_other_agents_described_as_read_only_are_not_this_one():
    assert not seen("Then the read-only reviewer bench checks the diff.", "Read, Edit")
    assert not seen("- **Reading (Read-only):** every file of the project", None)


def test_questions_about_user_needs_are_not_for_the_user():
    assert not [s for c, s in seen("Ask specific clarifying questions about user needs and business goals.") if s != "hint"]


def test_you_cannot_ask_the_user_is_no_gate():
    assert not seen("Du kannst den Nutzer nicht direkt fragen.")


def test_the_header_of_a_hand_off_table_is_no_instruction():
    body = "| Situation | Delegate to |\n|---|---|\n| Review needed | `senior-reviewer` |\n"
    assert [f.range.start.line for f in findings(body) if f.code == "C002"] == [8]  # the row, not the header (line 6)


def test_a_heading_that_forbids_introduces_its_list():
    body = "## You Do Not Touch\n\n- Business logic in any route\n"
    assert not seen(body, "Read, Write")


def test_verbs_that_share_an_object_are_no_bare_prohibition():
    body = "Run `npm run lint` before you finish.\n\n- Do not run or author Playwright specs here.\n"
    assert not [c for c, _ in seen(body, "Read, Bash") if c == "C004"]


def test_stop_and_escalate_to_the_user_and_other_asks():
    assert ("C005", "warning") in seen("Stop and escalate to the user when you encounter:\n\n- Architecture decisions\n")
    assert ("C005", "warning") in seen("Then ask, with AskUserQuestion: which batch to take?")
    assert ("C005", "warning") in seen("Nunca hagas commit sin confirmarlo antes con el usuario.")
    assert not seen("Escalate to the user if tests fail.")  # the answer can carry it


def test_files_written_through_a_lettered_step_or_a_folder():
    assert ("C002", "information") in seen("d. Produce a brief `research-addendum.md` in the working directory:", "Read, Bash")
    assert ("C001", "warning") in seen("Never write directly to files.", "Read, Write")
    assert not seen("Never write to files outside docs/.", "Read, Write")


def test_a_web_search_named_as_a_step():
    assert ("C002", "warning") in seen("## Research\n\n- Web search for the exporter's metrics\n")
    assert not seen("- Web search results are not reliable\n")


def test_a_quoted_criterion_of_several_sentences_is_one_quote():
    body = '- Add an acceptance criterion: "Verify the fields first. Save one real response as a fixture file in `fixtures/`."\n'
    assert not seen(body, "Read, Bash")


def test_always_after_a_prohibition_asks_for_its_action():
    body = "### What You DO NOT Do\n\n- Never auto-create ADRs - always suggest and wait for user consent\n"
    assert ("C005", "warning") in seen(body)


def test_korean_user_confirmation_needed():
    assert ("C005", "warning") in seen("- 컬렉션 구조 변경 → 사용자 확인 필요\n")


def test_the_callers_moment_and_act_are_not_the_agents():
    desc = "Use after the frontend agent (or anyone) changes files under src/views/. Read-only: reports findings, does not edit code."
    assert not findings_in_description(desc)
    body = "Hand the plan to the orchestrator (the main session) to launch the agents.\n\nYou never spawn agents yourself."
    assert not [c for c, _ in seen(body) if c == "C004"]


def test_a_prohibition_the_disallowed_tools_honour():
    assert not seen("## You Do Not Dispatch Subagents\n\nDo all of this work yourself.", None, "disallowedTools: Agent\n")


@pytest.mark.parametrize("text", ["Propose the policy, then wait for a yes.",
                                  "Only run a real mutation after the dry-run looks right and the user is on board.",
                                  "AskUserQuestion による確認: どのテンプレートを使うか"])
def test_more_waits_on_the_user(text: str):
    assert ("C005", "warning") in seen(text)
    assert not seen("Wait for the OK from the team lead before you merge.")


# ---- what the eighth round's first run showed (rules for classes, with texts written here) -------

def test_items_under_a_refusals_heading_are_prohibitions():
    body = "# What you decline\n\n- Modifying any file. Say why instead.\n- Generating tests. Suggest them instead.\n"
    assert not [c for c, _ in seen(body, "Read, Grep, Bash") if c in ("C002", "C004")]
    assert ("C001", "warning") in seen(body, "Read, Edit")


def test_a_prohibition_about_the_object_an_item_names_first_is_limited():
    body = "## Files\n- `src/legacy_api.py` — read only, never modify\n\nUpdate `tests/test_api.py` when done.\n"
    assert not seen(body, "Read, Edit")
    assert ("C001", "warning") in seen("## Rules\n\n- Read only, never modify anything.\n", "Read, Edit")


def test_a_prohibition_in_a_section_for_one_mode_holds_there_only():
    body = "## Mode: build\n\nWrite the component.\n\n## Mode: review\n\nRead-only: never edit, never commit.\n"
    assert not seen(body, "Read, Edit, Write, Bash")


def test_dont_run_code_next_to_commands_to_run_means_the_program():
    body = "You don't run code; you read the templates.\n\n```bash\ngrep -rn \"class\" src/\nls specs/\n```\n"
    assert not [c for c, _ in seen(body, "Read, Bash") if c in ("C001", "C004")]


@pytest.mark.parametrize("text", ["Keep pages thin — delegate logic to service and util files in `src/lib/`.",
                                  "Delegate parsing to the repository layer.",
                                  "`src/routes/` — 얇은 진입점. 로직은 service에 위임한다."])
def test_delegating_to_a_place_in_the_code_is_no_delegation(text: str):
    assert "C002" not in [c for c, _ in seen(text, "Read, Edit")]


def test_calling_agents_in_spanish():
    assert ("C002", "warning") in seen("Llama a un `revisor` y espera su veredicto.", "Read, Edit")
    assert ("C001", "warning") in seen("No llames a otros agentes.", None)


@pytest.mark.parametrize("text", ["Always begin by requesting the project context from the context-manager.",
                                  "Request the conventions from the `style-agent` agent first."])
def test_asking_another_agent_for_something_is_delegation(text: str):
    assert ("C002", "warning") in seen(text, "Read, Edit")
    assert not seen(text, "Read, Edit, Agent")


def test_begin_by_names_the_first_step():
    assert ("C002", "warning") in seen("Start by running the test suite.", "Read, Grep")
    assert not seen("Never start by editing files: read first.", "Read, Edit")  # forbids no editing


@pytest.mark.parametrize("text", ["계획을 출력한 후 멈추고 승인을 기다린다.", "計画を出したら承認を待ってください。", "输出计划后等待确认。",
                                  "Espera la aprobación antes de seguir.", "Warte auf die Freigabe, bevor du fortfährst.",
                                  "최신 버전을 확인한 후 사용자에게 어느 버전인지 묻기"])
def test_waiting_for_approval_in_other_languages(text: str):
    assert ("C005", "warning") in seen(text, "Read, Edit")


def test_a_server_used_if_available_in_another_language_is_not_required():
    text = "Если доступен Supabase MCP — используй его. Если нет — пиши файлы миграций. Проверяй синтаксис через Context7 MCP."
    found = [f.message for f in findings(text, "Read, Edit")]
    assert len(found) == 1 and "context7" in found[0]  # the second sentence still needs its server


def test_a_tool_that_is_another_agents_domain_is_not_used():
    assert not seen("- Do not deploy the marketing site. That is the web agent's domain via `mcp__framer__*`.", "Read, Bash")
    assert ("C002", "warning") in seen("- Deploy the marketing site via `mcp__framer__*`.", "Read, Bash")


# ---- what the ninth round's first run showed -------------------------------------------------

@pytest.mark.parametrize("text", ["Do not change domain logic — ask the developer via your report.",
                                  "Never change the assets yourself — wait for developer authorization routed through the orchestrator."])
def test_what_goes_back_through_the_caller_is_no_gate(text: str):
    assert "C005" not in [c for c, _ in seen(text, "Read, Edit")]


@pytest.mark.parametrize("text", ["Only run the migration after explicit user confirmation.",
                                  "- If the inputs are missing, report to the user and ask how to proceed.",
                                  "- 초안 + 목차 → 사용자 승인"])
def test_gates_after_a_confirmation_or_a_report(text: str):
    assert ("C005", "warning") in seen(text, "Read, Bash")


def test_a_user_named_as_a_modifier_is_not_asked():
    text = "- Ask clarifying questions about refresh rates and user interaction patterns."
    assert [s for c, s in seen(text) if c == "C005"] == ["hint"]


def test_a_verb_glossed_in_parentheses_is_no_prohibition():
    assert not seen("A check that did not run is FAIL (not run), never PASS.", "Read, Bash")


def test_anything_somewhere_is_a_limited_object():
    assert not seen("## Never\n- change anything on the shared host `db1` — diagnostics only\n", None)
    assert ("C001", "warning") in seen("## Never\n- change anything\n", "Read, Edit")


def test_quotes_in_japanese_are_not_instructions():
    assert not seen("不足があればメインエージェントに「ユーザーに確認してほしい項目」を返す。", "Read")


def test_the_agents_own_mcp_servers_bring_their_tools():
    text = "Run `mcp__lsp__diagnostics` on every file you edited."
    assert not seen(text, "Read, Edit", extra="mcpServers:\n  - lsp\n")
    assert ("C003", "warning") in seen(text, "Read, Edit")


def test_a_server_meant_by_a_tools_entry_is_not_missing():
    text = "Always use the Ref MCP server to search the official docs."
    assert ("C002", "warning") in seen(text, "Read, Grep")
    assert "C002" not in [c for c, _ in seen(text, "Read, RefMCP(docs.fetch)")]  # T001 speaks for the entry


@pytest.mark.parametrize("text", ["- Cálculos: delegá a `calc-agent`.", "5. Implementa los cambios"])
def test_more_spanish(text: str):
    assert ("C002", "warning") in seen(text, "Read, Grep")


@pytest.mark.parametrize("text", ["- ファイルへの保存を行わない。", "不要修改文件。", "只读，不改仓库文件。", "파일을 수정하지 마세요."])
def test_files_forbidden_in_japanese_chinese_korean(text: str):
    assert ("C001", "warning") in seen(text, None)


@pytest.mark.parametrize("text", ["不要修改配置文件。", "설정 파일을 수정하지 마세요."])
def test_one_kind_of_file_forbidden_is_limited(text: str):
    assert not seen(text, None)


# ---- what the tenth round's first run showed --------------------------------------------------

def test_a_prohibition_in_a_paragraph_for_one_mode_holds_there_only():
    body = "## Two modes\n\n**Plan mode** — they want an approach. Do not modify files.\n\n**Build mode** — implement it.\n"
    assert not seen(body, "Read, Edit, Write")
    assert ("C001", "warning") in seen("Produce the plan. Do not modify files.\n", "Read, Edit")


@pytest.mark.parametrize("lead", ["**Example**:", "**Ejemplo**:", "### Beispiel", "### 示例"])
def test_a_call_under_an_example_label_in_any_language_is_not_made(lead: str):
    body = f"{lead}\n```python\nmcp__lsp__find_references(name=\"Auth\")\n```\n"
    assert not seen(body, "Read")
    assert ("C003", "warning") in seen("Then run:\n```python\nmcp__lsp__find_references(name=\"Auth\")\n```\n", "Read")


def test_a_gerund_that_causes_something_is_a_fact_not_a_step():
    assert not seen("- Changing `CLAUDE.md` mid-session breaks the cache\n- Reusing agents via SendMessage saves context\n", "Read, Bash")
    assert ("C003", "warning") in seen("- Reuse agents via SendMessage.\n", "Read, Bash")


def test_verbs_of_a_subordinate_clause_have_their_own_subject():
    text = "Add the `wave` label when the slice creates a migration, changes RLS, or changes the schema in `db/schema.ts`."
    assert not seen(text, "Read, Bash")


def test_a_document_that_says_how_is_not_the_file_written():
    assert not seen("Record each blocking edge as `docs/tracker.md` describes.", "Read, Bash")
    assert ("C002", "information") in seen("Record each blocking edge in `docs/tracker.md`.", "Read, Bash")


@pytest.mark.parametrize("text", ["`WebSearch`로 최신 문서를 검색하세요.", "最新のドキュメントは `WebSearch` を使って調べてください。",
                                  "请使用 `WebSearch` 查找最新文档。", "Busca la documentación más reciente: usa `WebSearch` siempre."])
def test_a_tool_named_to_use_in_another_language(text: str):
    assert ("C003", "warning") in seen(text, "Read")
    assert not seen(text, "Read, WebSearch")


@pytest.mark.parametrize("text", ["- WebSearch / WebFetch 금지 — 데이터 가공만 한다.", "禁止使用 `WebSearch`。", "`WebSearch` は使わないこと。",
                                  "`WebSearch`는 비용이 많이 든다."])
def test_a_tool_forbidden_or_described_in_another_language_is_not_used(text: str):
    assert "C003" not in [c for c, _ in seen(text, "Read, Bash")]


@pytest.mark.parametrize("text", ["- You don't write code, do NOT edit files, do NOT touch anything else.",
                                  "Never write code, never modify files and never run anything."])
def test_each_negated_predicate_of_a_series_ends_the_object_before_it(text: str):
    assert ("C001", "warning") in seen(text, "Read, Edit, Write")


@pytest.mark.parametrize("text", ["升级依赖前必须先与用户确认。", "删除分支需用户确认。"])
def test_confirming_with_the_user_in_chinese(text: str):
    assert ("C005", "warning") in seen(text)
    assert not seen("与用户交互时保持简洁。")


@pytest.mark.parametrize("text", ["Keep `docs/api.md` (the public part) in sync with the code.", "Always keep `CHANGELOG.md` up to date."])
def test_keeping_a_file_current_edits_it(text: str):
    assert ("C002", "warning") in seen(text)
    assert not seen(text, "Read, Edit")
    assert not seen("Keep `docs/api.md` short.")


@pytest.mark.parametrize("text", ["Escreve o relatório em `reports/task-<id>/security.md`:", "Guarda el informe en `docs/{fecha}-informe.md`."])
def test_a_path_with_a_placeholder_is_a_path_in_any_language(text: str):
    assert ("C002", "warning") in seen(text)


@pytest.mark.parametrize("text", ["Decide the module layout with the user before writing code.",
                                  "Define el alcance con el usuario antes de empezar.",  # es
                                  "Construye la arquitectura junto al usuario cuando haya varias rutas."])  # es
def test_deciding_with_the_user(text: str):
    assert ("C005", "warning") in seen(text)
    assert not seen("Decide which files to change.")
    assert not seen("Construye la interfaz para el usuario.")


# ---- what the eleventh round taught ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Keep going until the user explicitly says DONE.",
    "Never rename a public API without discussing it with the user first.",
    "- Bumping the minor version (ask the user first).",
    "Always show the user the plan before applying any migration.",
    "Any change to pricing rules requires explicit owner approval.",
    "Propose deux maquettes, puis attends la validation de l'utilisateur avant de coder.",  # fr
    "## When to ask the user\n\nOnly when a decision changes the public API.",
])
def test_more_gates_on_the_user(text: str):
    assert ("C005", "warning") in seen(text)


def test_the_user_asking_is_a_condition_not_a_question():
    assert not [s for s in seen("Print the secret only when the user is present and asks for it.") if s[1] != "hint"]


def test_a_label_of_prohibitions_negates_its_line():
    text = "✅ **Do:** draft the requirements, log each decision\n❌ **Don't:** write code, ask the human directly, invent facts"
    got = seen(text, "Read, Write, Edit")
    assert ("C001", "warning") in got  # "write code" is forbidden, and Write is granted
    assert not any(code == "C005" for code, _ in got)  # "ask the human directly" is forbidden, not asked


def test_a_prohibition_in_korean_without_a_particle():
    assert ("C001", "warning") in seen("- ❌ 파일 직접 수정 금지 (제안만)", None)
    assert not seen("## 파일 수정 규칙\n\n- 파일 수정 후 테스트", "Read")  # a noun phrase, not an instruction


def test_a_tool_named_in_backticks_is_not_the_command():
    assert not seen("Use `Grep` and `Read` only — there is no `Bash` here.", "Read, Grep")
    assert ("C002", "warning") in seen("Use `grep` to find the callers.", "Read")


def test_a_removed_tool_is_not_a_shell_command():
    assert not seen("Always use the LS tool with the ignore list below.", "Read, Glob, LS")


@pytest.mark.parametrize("text", ["- Edit .github/workflows or deploy/config", "- Never modify source code - only docs/CHANGELOG.md"])
def test_a_prohibition_limited_to_paths_or_with_an_exception_is_not_blanket(text: str):
    assert not [s for s in seen(text, None) if s[0] == "C001"]
    assert ("C001", "warning") in seen("- Never modify source code.", None)


@pytest.mark.parametrize("text", ["Stop and call `schema-reviewer` before merging.", "Invoke `release-checker` when the build is green."])
def test_calling_an_agent_by_a_role_name_delegates(text: str):
    assert ("C002", "warning") in seen(text)
    assert not seen("Call `build-script` after each change.", "Read, Bash")


def test_using_a_named_mcp_server_in_prose():
    assert ("C002", "warning") in seen("Use Figma MCP to fetch the frame.")
    assert not seen("Use Figma MCP to fetch the frame.", "Read, mcp__figma__get_frame")


def test_a_path_after_to_and_a_colon_is_the_file_written():
    assert ("C002", "warning") in seen("Write the findings to: `notes/findings.md`")


@pytest.mark.parametrize("text", [
    "Tuyệt đối không xóa dữ liệu thật mà không xác nhận với user.",  # vi: never without confirming with the user
    "Hỏi người dùng trước khi đổi cấu hình.",  # vi: ask the user before
    "Chờ người dùng duyệt rồi mới commit.",  # vi: wait for the user to approve
])
def test_user_gates_in_vietnamese(text: str):
    assert ("C005", "warning") in seen(text)


@pytest.mark.parametrize("text", ["Không cần hỏi user, cứ làm tiếp.", "Người dùng xác nhận đơn hàng trên ứng dụng."])
def test_vietnamese_that_gates_nothing(text: str):
    assert not [s for s in seen(text) if s[0] == "C005"]


def test_a_colon_inside_a_word_ends_no_clause():
    assert ("C005", "warning") in seen("If both changed, show the user each side at file:line and ask which to keep.")


def test_what_may_not_run_follows_the_colon_of_its_label():
    assert not [s for s in seen("- **Cannot run**: paid API calls, external model inference", None) if s[0] == "C001"]
    assert ("C001", "warning") in seen("- **Cannot run**: any shell commands", None)


MCP_SECTIONS = """## MCP tools you have

### Sentry (error lookup)
Look the error up before changing code:
```
@sentry issues "TypeError in checkout"
```

### Filesystem (read and edit)
Read the configs under `config/`.
"""


def test_a_section_under_an_mcp_heading_that_names_a_server():
    found = findings(MCP_SECTIONS, "Read, Edit")
    assert [(f.code, f.severity) for f in found] == [("C002", "warning")]
    assert "sentry" in found[0].message and "heading of MCP tools" in found[0].message
    assert not seen(MCP_SECTIONS, "Read, Edit, mcp__sentry__search_issues")
    assert not seen(MCP_SECTIONS.replace("## MCP tools you have", "## Services we monitor"), "Read, Edit")


@pytest.mark.parametrize("text", ["These need the owner in person:\n\n- A push to `main`\n- A release tag",
                                  "Write a lesson note only for insights that recur, not for every run."])
def test_a_verb_after_a_determiner_is_a_noun(text: str):
    assert not seen(text, "Read")
    assert not [s for s in seen(text, None) if s[0] == "C001"]


def test_a_verb_that_takes_a_denied_object_is_not_the_object_of_the_one_before():
    extra = "model: sonnet\n"
    doc = "---\nname: helper\ndescription: Audits the draft. Produces a summary and changes no file.\ntools: Read, Grep\n" + extra + "---\n\nAudit it.\n"
    from agentls.document import parse_document as parse
    assert not [f for f in analyze(parse(doc, kind="agent")) if f.category == "contradiction"]


NOT_ALLOWED_TOOLS = """**Not allowed**:
- **Edit** - notes are rewritten whole, never patched
- **Task** - works alone, cannot spawn sub-agents

I invoke specialists when their field matters.
"""


def test_a_list_of_tools_left_out_explains_them_and_forbids_nothing():
    found = seen(NOT_ALLOWED_TOOLS, "Read, Write")
    assert ("C002", "warning") in found  # the hand-off needs the Agent tool
    assert not [s for s in found if s[0] in ("C001", "C004")]


@pytest.mark.parametrize("lead", ["**Risks**:", "**Concerns to weigh**:"])
def test_a_list_of_topics_gates_nothing(lead: str):
    assert not seen(f"{lead}\n\n- Unclear whether human approval is needed\n- Rates may change")
    assert ("C005", "warning") in seen("**Steps**:\n\n- Never deploy without the user's approval")


def test_the_products_user_in_the_product_is_no_gate():
    assert not seen("- Never capture a payment without explicit user confirmation in the checkout screen.")
    assert ("C005", "warning") in seen("- Never capture a payment without explicit user confirmation.")


@pytest.mark.parametrize("text", ["Do not make web requests.", "**No external network access.** Work from the files."])
def test_web_requests_forbidden(text: str):
    assert ("C001", "warning") in seen(text, None)
    assert not seen(text, "Read")
    assert not seen("Never make web requests to the staging API unless asked.", None)


def test_an_ask_joined_to_a_verb_of_saying():
    found = seen("If the data is stale, say so and ask for confirmation before going on; the user decides.")
    assert ("C005", "warning") in found


@pytest.mark.parametrize("text", ["팀장은 코드를 직접 수정하지 않음", "コードを修正しないでください。", "不要修改代码。"])
def test_modifying_code_forbidden_in_korean_japanese_chinese(text: str):
    assert ("C001", "warning") in seen(text, None)


def test_russian_gates_on_the_operator():
    assert ("C005", "warning") in seen("Никогда не удаляй данные без подтверждения от оператора.")
    assert not seen("Запускай обход по запросу пользователя.")


def test_data_from_a_named_mcp_server():
    assert ("C002", "warning") in seen("1. Collect the metrics from Sentry MCP and the `logs/` folder.")


def test_a_servers_wildcard_with_some_of_its_tools_granted():
    text = "All ledger access goes through the `ledger` MCP server (`mcp__ledger__*` tools)."
    assert not seen(text, "Read, mcp__ledger__get_accounts")
    assert ("C002", "warning") in seen(text, "Read")


def test_a_tool_that_is_the_subject_of_a_condition_is_not_used():
    assert not seen("If `mcp__ledger_cloud__*` tools start answering again, say so in the report.", "Read")


def test_until_the_user_decides_what_to_assume_meanwhile():
    assert not seen("Until the user picks a palette, treat the colours as an open decision.")
    assert ("C005", "warning") in seen("Until the user picks a palette, do not change the colours.")


def test_a_series_of_prohibitions_limited_at_its_end():
    assert not seen("- Do not add features, refactor code, or make improvements beyond what was asked", None)
    assert ("C001", "warning") in seen("- Do not add features or refactor code.", None)


def test_what_the_agent_asks_someone_else_to_do():
    text = "For a review, ask the learner to open the app, export the data, and save the file into `exports/`."
    assert not [s for s in seen(text, "Read, Bash") if s[0] == "C002"]
    assert [s for s in seen("Save the file into `exports/`.", "Read, Bash") if s[0] == "C002"]


def test_a_download_with_a_shell_granted():
    assert not seen("2. Download the video from its URL.", "Read, Bash")
    assert ("C002", "warning") in seen("2. Download the video from its URL.", "Read")


def test_a_prohibition_that_lists_more_of_the_same_is_blanket():
    text = "You do NOT write code, configuration files, Dockerfiles, or any implementation artifacts."
    assert ("C001", "warning") in seen(text, None)
    assert not [s for s in seen("You do NOT write code, except the fixes in `scripts/`.", None) if s[0] == "C001"]


def test_the_users_work_is_not_the_user_asked():
    assert seen("If the tree is dirty, stop and ask — never discard user work.") == [("C005", "hint")]


def test_confirming_with_the_user_named_earlier():
    text = "If the user describes a goal not in the list, map it to the closest option and confirm with them."
    assert ("C005", "warning") in seen(text)


def test_a_tool_that_invokes_the_agent_is_the_callers():
    assert not seen("When invoked via the Agent tool, ask for an isolated worktree in the request.", "Read, Bash")


def test_a_plural_in_parentheses_is_one_word():
    assert not seen("What to compare:\n\n1. The spec section.\n2. The code file(s) implementing the detection logic.")
    assert ("C001", "warning") in seen("- Never edit file(s).", None)


def test_tool_names_joined_by_a_slash_are_each_used():
    codes = findings("2. Make the change using the Edit/Write tools.", "Read, Edit")
    assert [(f.code, f.message.split("`")[1]) for f in codes] == [("C003", "Write")]
    assert [f.code for f in findings("Check the docs via WebSearch/WebFetch.", "Read")] == ["C003", "C003"]
    assert not findings("Read/Write access to the config folder is not needed.", "Read")  # a kind of access, no tool
    assert not findings("Never touch the Edit/Write tools here.", "Read")  # named to be forbidden


@pytest.mark.parametrize("text", ["No generes código.", "Não gere código.", "Ne générez pas de code."])
def test_generating_code_forbidden_in_other_languages(text: str):
    assert ("C001", "warning") in seen(text, None)


def test_a_program_that_generates_code_is_no_instruction():
    assert not seen("El script genera código TypeScript a partir del esquema.", "Read")


@pytest.mark.parametrize("text", ["2. Ask **one question at a time**, five in total.", "Ask the clarifying questions one at a time."])
def test_questions_one_at_a_time_are_a_conversation(text: str):
    assert seen(text) == [("C005", "warning")]


def test_questions_with_no_one_named_stay_a_hint():
    assert seen("Ask clarifying questions.") == [("C005", "hint")]


def test_a_library_class_in_a_code_block_is_no_tool_call():
    block = "```python\nfrom crewai import Agent, Task\n\nresearcher = Agent(role='Researcher')\njob = Task(description='x', agent=researcher)\n```"
    assert not seen("Build the crew like this:\n\n" + block, "Read, Write")
    js = "```js\nconst a = new Agent({ name: 'x' });\n```"
    assert not seen("For example:\n\n" + js, "Read, Write")
    call = "```python\nTask(subagent_type='reviewer', prompt='Review it')\n```"
    assert ("C003", "warning") in seen("Then hand the review over:\n\n" + call, "Read, Write")


@pytest.mark.parametrize("text", [
    "4. **Human-in-the-Loop**: Points de validation humaine",  # fr: points of human validation, a pattern's name
    "### 4. Согласия пользователей",  # ru: the users' consents (the product's)
    "- Aprobación del usuario en el flujo de pago",  # es: a feature of the product
])
def test_an_approval_named_as_a_noun_is_no_gate(text: str):
    assert not seen(text)


@pytest.mark.parametrize("text", [
    "Ne supprime rien sans la validation de l'utilisateur.",  # fr
    "Не удаляй ничего без подтверждения пользователя.",  # ru
    "Aprobación del usuario: requerida antes de publicar.",  # es
    "Freigabe des Benutzers erforderlich, bevor du pushst.",  # de
])
def test_an_approval_noun_after_a_condition_or_requirement_is_a_gate(text: str):
    assert ("C005", "warning") in seen(text)


@pytest.mark.parametrize("text", [
    "You review and recommend; you don't merge until a human confirms.",
    "遇到不确定的命名，立即停下问用户。",  # zh: stop at once and ask the user
    "Before drafting anything, interview the user about the audience.",
])
def test_a_human_confirming_asking_in_chinese_and_an_interview_wait_on_the_user(text: str):
    assert ("C005", "warning") in seen(text)


def test_visiting_a_user_page_in_chinese_asks_no_one():
    assert not seen("访问用户页面并截图。")  # zh: visit the user page and take a screenshot


def test_a_gate_on_what_other_agents_do_is_theirs():
    assert not seen("State that no other agent shall implement them without explicit human consent.")
    assert ("C005", "warning") in seen("Never implement them without explicit human consent.")


def test_a_tool_said_to_fail_is_not_used():
    assert not seen("By then the agent is gone, and `SendMessage` against it will fail.", "Read")
    assert ("C003", "warning") in seen("Use `SendMessage` to report back.", "Read")


@pytest.mark.parametrize("text", [
    "- Never delete anything tracked by git unless the recipe names it.",
    "- Do not edit anything the owner wrote.",
    "- Never delete anything unless asked.",
])
def test_anything_qualified_or_excepted_is_no_blanket_prohibition(text: str):
    assert not [s for s in seen(text, "Read, Edit, Write") if s[0] == "C001"]
    assert ("C001", "warning") in seen("- Never delete anything.", "Read, Edit, Write")


def test_checking_the_projects_own_website_needs_no_web_tool():
    assert not seen("Check keyboard navigation and contrast on the Acme Shop website.", "Read, Edit")
    assert ("C002", "warning") in seen("Verify the prices on the vendor's website.", "Read, Edit")


@pytest.mark.parametrize("text", ["Create and edit the workflows via n8n-mcp.", "2. Reimport the mesh into Blender via MCP and attach the rig."])
def test_a_server_reached_via_mcp(text: str):
    assert ("C002", "warning") in seen(text, "Read, Edit")


def test_a_server_reached_via_mcp_when_another_is_granted_is_not_reported():
    assert not seen("Reimport the mesh into Blender via MCP.", "Read, mcp__blender_tools__import")


def test_a_download_link_is_a_noun():
    assert not seen("- Download URL ready", "Read, Edit")
    assert ("C002", "warning") in seen("- Download the report from its URL.", "Read, Edit")


@pytest.mark.parametrize("heading", ["## Interdits", "## Prohibido", "## Verboten", "## 禁止事项"])
def test_a_heading_of_prohibitions_in_another_language(heading: str):
    assert not seen(heading + "\n\n- Modifier `config/secrets.json`\n- Escribir código", "Read, Bash")


def test_tools_named_in_a_list_of_examples_are_not_used():
    assert not seen("**Example edge cases**:\n- Agent tool limitations\n- State transitions during failures", "Read")


@pytest.mark.parametrize("text", [
    "**你不能中途暂停问用户**——一次跑完，结果放进返回值。",  # zh: you cannot stop midway to ask the user
    "미설치 항목을 발견하면 사용자에게 묻지 않고 즉시 설치한다.",  # ko: install at once, without asking the user
    "ユーザーに確認せずに自動でインストールする。",  # ja: install without confirming with the user
])
def test_asking_the_user_denied_in_cjk_is_no_gate(text: str):
    assert not seen(text)


@pytest.mark.parametrize("text", ["사용자에게 묻지 않고 파일을 삭제하지 마세요.", "ユーザーに確認せずに削除しない。"])
def test_forbidden_without_asking_the_user_in_cjk_is_a_gate(text: str):
    assert ("C005", "warning") in seen(text)


def test_a_connector_is_an_mcp_server():
    assert ("C002", "warning") in seen("- Use the Xero connector to read the ledger.", "Read, Write")
    assert not seen("Connect the parts with the connector pattern.", "Read, Write")


def test_after_a_person_confirms_in_chinese():
    assert ("C005", "warning") in seen("→ **人确认后**才调用 API。")  # zh: call the API only after a person confirms
    assert not seen("负责人确认后提交。")  # zh: "负责人" (the person in charge) is a role, not read as the user


def test_a_list_of_names_is_no_series_of_steps():
    assert not seen("- Include the type prefixes: feat, fix, refactor, docs, style, test, chore", "Read")
    assert ("C002", "warning") in seen("- Refactor, test and document the module.", "Read")


def test_when_the_caller_runs_the_agent_is_no_gate():
    doc = parse_document("---\nname: tuner\ndescription: Fine-tunes the model. Only runs after the user has approved the plan.\n"
                         "tools: Read, Bash\n---\n\nTrain the model on the prepared data.\n", kind="agent")
    assert not [f for f in analyze(doc) if f.code == "C005"]


def test_a_tool_never_given_to_sub_agents():
    text = "If the job is still queued, use `ScheduleWakeup` to check again later."
    found = findings(text, "Read, Bash")
    assert [f.code for f in found] == ["C003"] and "never gives that tool to a sub-agent" in found[0].message and not found[0].fixes


def test_without_human_direction_is_a_gate():
    assert ("C005", "warning") in seen("Do not attempt a fourth installation without explicit human direction.")
    assert not seen("Work without human direction when the plan is clear.")


def test_a_section_of_edge_cases_holds_instructions():
    text = "## Edge Cases and Escalation\n\n- **Data at risk**: flag any migration that could lose data and require explicit user confirmation"
    assert ("C005", "warning") in seen(text)


def test_what_is_the_users_is_no_one_to_ask():
    assert not seen("- Align each option with the user's stated goals", "Read, Write")
    assert ("C005", "warning") in seen("- Align the plan with the user before writing it.", "Read, Write")


def test_a_tool_the_caller_uses():
    text = "If you run as a sub-agent, structure the text so the orchestrator can present the options via `AskUserQuestion`."
    assert not seen(text, "Read, Write")
    assert not seen("将文本结构化以便编排者通过 `AskUserQuestion` 呈现选项。", "Read, Write")  # zh: so the orchestrator presents them
    assert ("C005", "warning") in seen("Present the options with `AskUserQuestion`.", "Read, Write")


def test_a_participle_linked_to_the_user_is_no_ask():
    assert not seen("- Validar o chat_id vinculado ao usuário", "Read, Write")  # pt: check the id linked to the user
    assert ("C005", "warning") in seen("- Confirmar o plano com o usuário", "Read, Write")  # pt: confirm the plan with the user


def test_via_a_kebab_name_is_no_agent_unless_named_as_one():
    assert not seen("Look up the page ids via `notion-query-view` so you can link them.", "Read")
    assert ("C002", "warning") in seen("Record the decision via the `docs-writer` agent.", "Read")


def test_voseo_and_sharing_with_the_user_are_gates():
    assert ("C005", "warning") in seen("Si falta, **detenete, proponé al user crearla, esperá aprobación**.")  # es (Rioplatense)
    assert ("C005", "warning") in seen("Plan the renaming and share it with the user before touching anything.")


def test_a_tool_in_parentheses_after_via():
    assert ("C003", "warning") in seen("**Escalate to the lead (via SendMessage):**\n- Changing feature flags", "Read, Write")


def test_a_description_paragraph_after_a_list():
    doc = parse_document("---\nname: advisor\ndescription: |\n  Use this agent when you need shop knowledge:\n  - Before a new integration\n\n"
                         "  This agent does NOT write code — it gives guidance.\n---\n\nAnswer questions.\n", kind="agent")
    assert [f.code for f in analyze(doc) if f.category == "contradiction"] == ["C001"]


@pytest.mark.parametrize("text", [
    "Show the event details and ask for confirmation before creating it.",
    "Stop and ask for explicit approval.",
    "Si la branche n'est pas main, demande confirmation avant de pousser.",  # fr: ask for confirmation before pushing
    "No instalo dependencias nuevas sin pedir confirmación.",  # es: not without asking for confirmation
    "Pide confirmación antes de borrar.",  # es
])
def test_asking_for_an_approval_is_a_gate(text: str):
    assert ("C005", "warning") in seen(text)


@pytest.mark.parametrize("text", [
    "Ask for clarification if the spec is vague.",  # a question that can go back to the caller
    "| Symptom | Fix |\n|---|---|\n| Agent asks for permission | Add `permissionMode: acceptEdits` |",  # a symptom, in a table
])
def test_an_ask_that_is_no_approval_stays_a_hint(text: str):
    assert ("C005", "warning") not in seen(text)


def test_a_step_that_lets_the_user_review():
    assert ("C005", "warning") in seen("4. Let the user review. If they ask for changes, update the plan.")
    assert not seen("The settings page lets the user choose a theme.")
    assert not seen("Ne demande pas de confirmation pour les petits changements.")  # fr: do not ask for confirmation


@pytest.mark.parametrize("text", [
    "2. For UK firms, query the Land Registry MCP for the title record.",  # a name of two capitalized words
    "1. Call MCP Linear to move the ticket.",  # the name after "MCP"
    "You keep the team's calendar through the cal-mcp-bridge MCP server.",  # a lowercase name that says it is one
])
def test_mcp_servers_named_in_prose(text: str):
    assert ("C002", "warning") in seen(text, "Read, Write")


@pytest.mark.parametrize("text", ["Use MCP tools to look it up.", "Build a self-hosted MCP server.", "Query the docs first."])
def test_no_mcp_server_named(text: str):
    assert not seen(text, "Read, Write")


def test_tools_loaded_via_tool_search_are_a_servers():
    assert ("C002", "warning") in seen("Load the Acme_Docs tools via ToolSearch.", "Read, Write")
    assert not [c for c, _ in seen("Load the deferred tools via ToolSearch.", "Read, Write") if c == "C002"]


def test_prose_after_a_misnested_fence_is_read():
    body = ("Use this template:\n\n```markdown\n## Summary\n\n```python\nprint('x')\n```\n\n## Risks\n```\n\n"
            "## Step 4\n\n- Ask the user before deleting anything.\n")
    assert ("C005", "warning") in seen(body)  # the last ``` closes the template to its author


def test_an_unclosed_code_block_stays_code():
    body = "Run this:\n\n```\n# Ask the user before deleting anything.\n"
    assert not seen(body)


def test_not_doing_the_implementation_is_a_code_prohibition():
    assert ("C001", "warning") in seen("You shouldn't do the actual implementation; hand your analysis back to the parent agent.", "Read, Write")
    assert not seen("Do not do the implementation of the parser before its tests exist.", "Read, Write")


@pytest.mark.parametrize("body", [
    "- **NOT AVAILABLE**: Code editing (the developer agent makes every change)",
    "You must never:\n- Shell access",
    "## Not available\n\n- Web access",
])
def test_a_capability_named_alone_under_a_prohibition(body: str):
    assert ("C001", "warning") in seen(body, "Read, Write, Bash, WebFetch")


@pytest.mark.parametrize("body", ["- Code editing", "## Skills\n\n- Code editing in Python", "## Not available\n\n- WebSearch"])
def test_a_capability_named_alone_elsewhere_is_no_prohibition(body: str):
    assert not [c for c, _ in seen(body, "Read, Write, Bash, WebFetch") if c == "C001"]


def test_a_few_questions_at_a_time_is_a_conversation():
    assert ("C005", "warning") in seen("Gather the details (ask conversationally, 1-2 questions at a time).")
    assert ("C005", "hint") in seen("Ask 2-3 clarifying questions if the spec is vague.")


def test_an_item_about_a_file_that_says_to_change_it():
    assert ("C002", "warning") in seen("- `docs/DECISIONS.md` — append every entry, renumber if needed", "Read, Grep")
    assert not seen("- `README.md` — read it first", "Read, Grep")
    assert not seen("- `scripts/recorder.py` - Recording functionality", "Read, Grep")


def test_an_order_adverb_closes_the_object():
    assert ("C002", "warning") in seen("4. Implement the parser logic first, then the command line.", "Read, Grep")
    assert ("C002", "warning") in seen("Fix the failing test first.", "Read, Grep")


def test_something_named_that_asks_for_confirmation_is_described():
    assert not seen("El instalador borra la caché antigua, y pide confirmación con `confirmDialog` (l. 40).")
    assert not seen("Le script demande confirmation avant de supprimer.")
    assert ("C005", "warning") in seen("Antes de borrar la base, pide confirmación.")


def test_what_others_may_do_with_the_output_is_no_step():
    body = "## Notes\n\nThe generated report can be used to:\n1. Write the migration code\n2. Create the tickets\n"
    assert not seen(body, "Read, Grep")
    assert ("C002", "warning") in seen("## Steps\n\nThen:\n1. Write the migration code\n", "Read, Grep")


def test_a_list_of_situations_to_flag_gates_nothing():
    body = ("## Escalation triggers\n\nFlag these to the lead at once — do not proceed alone:\n\n"
            "- A request would store payment data without explicit user consent\n")
    assert not seen(body)


def test_delegating_by_case_to_named_agents():
    assert ("C002", "warning") in seen("Delegate when the question leaves your area: billing → `billing-specialist`; auth → `auth-reviewer`.")
    assert ("C002", "warning") in seen("Delega cuando la pregunta sale de tu área: facturación → `billing-specialist`.")  # es
    assert ("C002", "warning") in seen("3. 完成后通知 doc-writer 更新文档")  # zh: notify an agent
    assert not seen("Delegate when needed.")
    assert not seen("3. 调用 report-builder 技能生成报告")  # a skill, not an agent


@pytest.mark.parametrize("text", [
    "3. Kjør `npm run lint` og rapporter feil",  # nb
    "Ejecuta `pytest -q` antes de terminar.",  # es
    "Rode `npm test` antes de entregar.",  # pt
    "Exécutez `cargo test` puis corrigez.",  # fr
    "Führe `npm test` aus.",  # de
    "运行 `pytest` 检查结果",  # zh
    "`npm test` を実行してください",  # ja
])
def test_running_a_command_in_another_language(text: str):
    assert ("C002", "warning") in seen(text)


@pytest.mark.parametrize("text", [
    "No ejecutes `git push`.",
    "Kjør aldri `git push`.",
    "Führe `git push` nicht aus.",
    "Quando ele terminar, peça que rode `git diff --stat` e cole a saída.",  # someone else runs it
    "Ejecuta el informe `quarterly-summary` otra vez.",  # not a command
])
def test_no_command_run_in_another_language(text: str):
    assert not seen(text)


@pytest.mark.parametrize("text", [
    "designer·implementer 모두 `Write`가 있고 reviewer는 `Edit`도 있다.",  # who has the tool
    "위임문에 `SendMessage` 지시를 넣지 않는다.",  # negated after the name
    "중간 `SendMessage` 보고 없음.",
    "analyst는 `Edit`이 없어 리포트를 전체 `Write`로만 만든다.",  # another agent's use
])
def test_a_tool_someone_has_or_that_is_negated_after_it_in_korean(text: str):
    assert not seen(text, "Read, Grep")


def test_a_tool_used_in_korean_is_still_a_use():
    assert ("C003", "warning") in seen("`WebSearch`를 사용하여 최신 문서를 조사한다.", "Read, Grep")


def test_a_prohibition_with_its_own_exception_for_the_agents_writes():
    assert not seen("You never modify source code — your only writes are your plan document.", "Read, Write, Bash")
    assert not seen("Never edit application code; you only write the report.", "Read, Write")
    assert ("C001", "warning") in seen("You never modify source code.", "Read, Write, Bash")


def test_an_invocation_section_is_for_the_caller():
    body = "Clean the notes.\n\n## Invocation\n\nDirectly:\n\n```python\nTask(subagent_type=\"general-purpose\", prompt=\"clean\")\n```\n"
    assert not [c for c, _ in seen(body, "Read, Edit") if c == "C003"]


def test_an_impersonal_se_is_a_condition_not_a_step():
    body = "Este agente se activa cuando:\n- Se crean/modifican archivos de configuración\n"
    assert not seen(body, "Read, Grep")
    assert ("C002", "warning") in seen("Crea o modifica archivos en `docs/`.", "Read, Grep")


def test_a_negation_inside_a_condition_does_not_negate_the_step():
    assert ("C003", "warning") in seen("If the tools are not loaded yet, discover them with ToolSearch.", "Read, Grep")
    assert ("C003", "warning") in seen("If an API does not appear in the docs, use WebSearch to verify it.", "Read, Grep")
    assert not seen("If unsure, never call `WebSearch`.", "Read, Grep")


@pytest.mark.parametrize("text", ["1. Read every section with Glob/Read.", "1. 各セクションを Glob/Read で全件取得する。"])
def test_a_pair_of_tool_names_after_a_use_word(text: str):
    assert ("C003", "warning") in seen(text, "Read, Write")


def test_read_write_access_is_no_pair_of_tools():
    assert not seen("Open the file with Read/Write access.", "Grep")


def test_a_french_infinitive_without_its_accent_runs_a_command():
    assert ("C002", "warning") in seen("Apres chaque modification, executer `git diff` pour verifier.", "Read, Edit")


def test_an_allowed_item_in_a_list_of_restrictions():
    body = ("## Restrictions\n\n- ❌ **NEVER** run `git commit`\n"
            "- ✅ **ONLY** delegate tasks to sub-agents (architect, developer)\n")
    assert ("C002", "warning") in seen(body, "Read, Grep")


def test_mcp_servers_listed_after_mcp_tools():
    found = findings("1. Check the metrics using available MCP tools (supabase, tavily)", "Read, mcp__tavily__search")
    assert [f.code for f in found] == ["C002"] and "`supabase`" in found[0].message


def test_the_way_others_come_back_to_this_agent_is_their_tool():
    assert not seen("The lead expects to reach this same instance again via `SendMessage`.", "Read")
    assert ("C003", "warning") in seen("Report progress via `SendMessage`.", "Read")


def test_asking_a_named_agent_to_do_something_delegates():
    assert ("C002", "warning") in seen("Ask code-reviewer to review the diff.", "Read, Write")
    assert ("C002", "warning") in seen("Ask the security-auditor agent to check the diff.", "Read, Write")
    assert not seen("Ask the team-lead to decide.", "Read, Write")


def test_never_implementing_changes_yourself_forbids_code_changes():
    assert ("C001", "warning") in seen("Never implement changes by yourself.", "Read, Write")
    assert ("C001", "warning") in seen("Do not implement the fixes yourself.", "Read, Write")
    assert not seen("Never implement changes to the schema.", "Read, Write")


def test_a_line_that_opens_with_a_verb_is_a_step_of_its_own():
    body = "# After finishing\nRun `npm run lint`\nAsk code-reviewer to review the diff.\n"
    assert ("C002", "warning") in seen(body, "Read, Edit, Bash")
    assert not seen("Collect the findings for the\nReview section and the summary.", "Read, Grep")


def test_a_server_named_alone_by_a_name_only_a_server_has():
    assert ("C002", "warning") in seen("When answering, leverage Context7 for the latest API docs.", "Read, Write")
    assert not seen("Use git to inspect the history.", "Read, Write, Grep")  # a command, not the git server
    assert not seen("Do not use Context7.", "Read, Write")


@pytest.mark.parametrize("text", [
    "Your only output is the file `AUDIT_PLAN.md` at the repository root.",
    "**Deliverable**: `docs/plan.md`",
    "Output file: `out/result.json`",
])
def test_the_agents_output_named_as_a_file(text: str):
    assert ("C002", "warning") in seen(text, "Read, Grep")


def test_an_output_that_is_not_the_agents_file():
    assert not seen("Read the output of `npm test`.", "Read, Grep, Bash")
    assert not seen("Your output is a summary; the caller saves it to `docs/x.md`.", "Read, Grep")


def test_a_japanese_update_of_part_of_a_named_file():
    assert ("C002", "warning") in seen("1. `docs/SPRINTS.md` の該当スプリントを `✅ 合格` に更新", "Read, Grep")
    assert not seen("1. `docs/SPRINTS.md` の内容を確認する", "Read, Grep")


@pytest.mark.parametrize("text", [
    "Do not rename public APIs without explaining why and asking the user.",
    "Large refactors need user approval.",
    "Show the migration command to the user before running it.",
    "Gdy plan jest gotowy, czekaj na akceptację użytkownika.",  # pl
    "Nowe zależności dodajesz wyłącznie za zgodą użytkownika.",  # pl
])
def test_gates_as_conditions_statements_and_in_polish(text: str):
    assert ("C005", "warning") in seen(text, "Read, Edit")


def test_what_is_not_a_gate_on_the_user():
    assert not seen("The export runs without asking the user.", "Read, Edit")  # nothing forbidden
    assert not seen("Flag anything that needs human review.", "Read, Edit")  # work for a person


def test_a_list_of_files_is_not_a_file():
    assert not seen("Create a short list of the files that each step touches.", "Read, Grep")
    assert ("C002", "warning") in seen("Create the config files for each service.", "Read, Grep")


def test_handing_work_to_a_folder_of_the_code_is_no_delegation():
    assert not seen("Keep routes thin: delegate to lib/services.", "Read, Edit")
    assert ("C002", "warning") in seen("Delegate to frontend/backend agents when the fix spans both.", "Read, Edit")


def test_a_tool_name_paired_with_an_api_of_the_code():
    assert not seen("- [ ] Calls to `SendMessage`/`PostMessage` in hot paths? Prefer events.", "Read, Grep")
    assert ("C003", "warning") in seen("Look pages up with `WebSearch`/`WebFetch`.", "Read, Grep")
    assert ("C003", "warning") in seen("- **WebSearch** — for the current release notes", "Read, Grep")


def test_a_list_of_what_the_agent_is_not_responsible_for():
    body = "I am NOT responsible for:\n- Writing the migrations (the backend agent does this)\n- Running the test suite (the runner does)\n"
    assert not seen(body, "Read, Grep")
    assert ("C002", "warning") in seen("I am responsible for:\n- Running the test suite\n", "Read, Grep")


def test_the_entries_of_an_api_reference_are_no_steps():
    body = "**Helpers:**\n- `save_report(path, rows)` - write the report file\n- `make_dirs(root)` - create the folders\n"
    assert not seen(body, "Read, Grep")
    assert ("C002", "warning") in seen("- `docs/report.md` - write the report file here\n", "Read, Grep")


def test_a_foreign_prohibition_under_a_condition_is_not_blanket():
    assert not seen("Si la fase es anterior a la implementación, detente: no escribes código.", "Read, Write, Edit")
    assert ("C001", "warning") in seen("No escribes código.", "Read, Write, Edit")


def test_invoking_the_user_for_input():
    assert ("C005", "warning") in seen("Invoke the user for input when the requirements are ambiguous.", "Read, Edit")
    assert not seen("The hook can invoke the user script.", "Read, Edit")


def test_a_tool_name_in_a_plural_is_a_word_of_the_code():
    assert not seen("Flag fire-and-forget `Task`s that swallow exceptions.", "Read, Grep")
    assert ("C003", "warning") in seen("Use `Task` to start the test-runner agent.", "Read, Grep")


def test_a_japanese_hand_off_to_a_class_of_the_code_is_no_delegation():
    assert not seen("- コントローラーは薄く保つ（処理はServiceに委譲）", "Read, Edit")
    assert ("C002", "warning") in seen("実装は backend-engineer に委譲する。", "Read, Edit")


def test_a_table_row_that_maps_a_state_of_the_product_to_what_it_forbids():
    table = "| Rule | Check |\n|---|---|\n| Archived order → no delete | `OrderPolicy` |\n"
    assert not seen(table, None)
    assert ("C001", "warning") in seen("| Rule |\n|---|\n| Never delete files |\n", None)


@pytest.mark.parametrize("text", [
    "Execute `coverage_report.py` to scan the stylesheets.",
    "Run `./scripts/release.sh --dry-run` first.",
])
def test_a_script_run_by_its_path(text: str):
    assert ("C002", "warning") in seen(text, "Read, Grep")


def test_a_script_path_that_is_not_run():
    assert not seen("Read `scripts/check.py` to see what it does.", "Read, Grep")


def test_run_no_named_thing_is_not_a_blanket_prohibition():
    assert not seen("Use Bash read-only; you run no pipeline.", "Read, Bash")
    assert ("C001", "warning") in seen("You run no commands.", "Read, Bash")


def test_handing_its_findings_to_another_agent_is_its_report():
    assert not seen("Do not edit files. Hand findings to a `domain-writer`.", "Read, Grep")
    assert ("C002", "warning") in seen("Hand the migration to `db-engineer`.", "Read, Grep")


def test_a_korean_gate_named_as_a_category_of_the_report():
    assert not seen("- 생성 실패: 사용자 확인 필요 항목으로 분류하고 보고", "Read, Edit")
    assert ("C005", "warning") in seen("삭제하기 전에 사용자 확인 필요.", "Read, Edit")


@pytest.mark.parametrize("text", [
    "Emin olmadığın yerde tahmin etme — kullanıcıya sor.",
    "Dosya silmeden önce kullanıcıdan onay al.",
    "Kullanıcı onayı olmadan migration çalıştırma.",
])
def test_turkish_gates_on_the_user(text: str):
    assert ("C005", "warning") in seen(text, "Read, Edit")


def test_turkish_that_is_no_gate():
    assert not seen("Kullanıcıya soru sorma; kararı kendin ver.", "Read, Edit")  # do not ask the user
    assert not seen("Sonucu kullanıcıya göster.", "Read, Edit")  # show the result: the report


def test_seeking_the_users_input_asks_the_user():
    assert ("C005", "warning") in seen("Seek user input when:\n- Two designs trade off performance against cost\n", "Read, Edit")
    assert not seen("Never seek user input; pick the simpler design.", "Read, Edit")
    assert not seen("Seek feedback from the orchestrator.", "Read, Edit")
    assert not seen("Validate user input at the API boundary.", "Read, Edit")


def test_deleting_files_is_the_shells_work():
    assert not seen("- Delete `tfplan` and `tfplan.json` from the env directory.", "Read, Bash")  # Write and Edit cannot delete
    assert ("C002", "information") in seen("- Save the report to `docs/report.md`.", "Read, Bash")
    [f] = findings("- Delete `tfplan` and `tfplan.json` from the env directory.", "Read, Grep")
    assert "Add `Bash`" in f.message  # the tool that can delete, not `Write`


def test_a_korean_causative_ask_is_someone_elses():
    assert not seen("결정이 필요하면 메인 세션에게 전달해 사용자에게 물어보게 한다.", "Read, Edit")
    assert ("C005", "warning") in seen("결정이 필요하면 사용자에게 물어본다.", "Read, Edit")


def test_a_korean_call_of_an_agent_by_its_name():
    assert ("C002", "warning") in seen("5. 배포가 끝나면 `release-checker` 에이전트를 호출한다.", "Read, Edit")
    assert not seen("5. 배포가 끝나면 `release-checker` 에이전트를 호출한다.", "Read, Edit, Agent")
    assert not seen("`get-user` API 호출 결과를 확인한다.", "Read, Edit")  # an endpoint of the code
    assert not seen("`release-checker`를 호출하지 마라.", "Read, Edit")  # do not call it


def test_a_korean_no_code_said_after_the_topic():
    assert ("C001", "warning") in seen("코드는 쓰지 않는다 — 측정하고 기록만 한다.", None)
    assert not seen("테스트 코드는 쓰지 않는다.", None)  # a kind of code, as "test code" is
    assert not seen("코드쓰기 가이드를 읽는다.", "Read, Grep")  # the code-writing guide


def test_a_tool_name_with_its_argument_in_quotes_is_a_call():
    assert ("C003", "warning") in seen("2. When a tool name is unknown, ToolSearch \"UnityMCP\" and report the names.", "Read, Grep")
    assert not seen("2. When a tool name is unknown, ToolSearch \"UnityMCP\" and report the names.", "Read, Grep, ToolSearch")


def test_a_file_or_an_agent_under_a_negation_is_any():
    said = "You do not run the linters, edit a file, spawn an agent or open a pull request."
    assert seen(said, None) == [("C001", "warning"), ("C001", "warning")]  # changing files, and delegating
    assert not seen("Never edit a file that you have not read first.", None)  # limited to some files
    assert not seen("Do not create a new file when an existing one fits.", None)  # prefer editing


def test_a_japanese_list_of_what_not_to_do():
    listed = "# やってはいけないこと\n\n- コードの編集。\n- 記憶ファイルへの書き込み。\n"
    assert not seen(listed, "Read, Grep")  # what it must not do, not steps
    assert ("C002", "warning") in seen("# 手順\n\n- 記憶ファイルへの書き込み。\n- 結果を `notes.md` に保存する。\n", "Read, Grep")


def test_implementing_nothing_at_all():
    assert seen("Do not implement anything yourself; the main agent does.", None) == [("C001", "warning")]
    assert not seen("Do not implement anything beyond the spec.", None)  # limited to what the spec holds
    assert not seen("Implement anything the caller asks for.", "Read, Edit, Write")


def test_a_kind_of_tools_is_no_tool():
    assert not seen("**Write Tools:**\n\n- None (analysis only)\n", "Read, Bash")  # a heading of a kind of tools
    assert ("C003", "warning") in seen("Use the Write tool to save the notes.", "Read, Bash")


def test_an_approval_word_that_qualifies_a_noun_asks_no_one():
    assert not seen("- Check the request parameters, request headers, authorization requirements.", "Read, Bash")
    assert ("C005", "warning") in seen("- Request approval before merging.", "Read, Bash")


def test_what_you_file_is_a_verb():
    assert not seen("Text that tells you to change what you file is itself a finding.", "Read, Grep")
    assert ("C001", "warning") in seen("Never change any file.", "Read, Write")


def test_stop_after_something_and_ask():
    assert ("C005", "warning") in seen("14. If a variant fails, stop after recording the results and ask the user whether to keep the rest.", "Read, Bash")
    assert not seen("Stop after recording the results and ask the orchestrator whether to keep the rest.", "Read, Bash")
    assert not seen("Stop after recording the results and return them.", "Read, Bash")


def test_starting_in_plan_mode():
    assert ("C005", "warning") in seen("- Always start in PLAN mode - show intended changes before applying", None)
    assert ("C005", "warning") in seen("If a target is chosen, work in Plan Mode:", "Read, Grep")
    assert not seen("- When the user is in plan mode, keep answers short.", None)
    assert not seen("Never start in plan mode.", None)

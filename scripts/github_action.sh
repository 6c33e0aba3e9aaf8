#!/usr/bin/env bash
# The GitHub Action's one step (action.yml): install agentls in a virtual environment of its own,
# check with workflow annotations, and optionally write SARIF. Runs the same outside GitHub:
# INPUT_* say what to do, GITHUB_OUTPUT (a file) receives `sarif-file=...`.
set -euo pipefail
action="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/agentls-action-venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
if [ -n "${INPUT_VERSION:-}" ]; then
  "$venv/bin/python" -m pip install --quiet "$INPUT_VERSION"
else
  "$venv/bin/python" -m pip install --quiet "$action"
fi
read -r -a paths <<< "${INPUT_PATHS:-.}"
read -r -a extra <<< "${INPUT_ARGS:-}"
fail_on="${INPUT_FAIL_ON:-error}"
status=0
"$venv/bin/agentls" check --no-cache --format github --fail-on "$fail_on" "${extra[@]}" "${paths[@]}" || status=$?
if [ "${INPUT_SARIF:-false}" = "true" ]; then
  sarif="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/agentls.sarif"
  "$venv/bin/agentls" check --no-cache --format sarif --fail-on never "${extra[@]}" "${paths[@]}" > "$sarif"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
  fi
  echo "agentls: SARIF written to $sarif"
fi
exit "$status"

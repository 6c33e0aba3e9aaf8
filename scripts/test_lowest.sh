#!/usr/bin/env bash
# The test suite against the lowest versions pyproject.toml allows (uv's lowest-direct
# resolution), in .venv-lowest; the editor tests are left to the newest-versions run.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet uv
python3 -m uv venv --quiet --allow-existing --python "$(command -v python3)" .venv-lowest
# --python names the target: `python -m uv pip` would install into the interpreter running it
python3 -m uv pip install --quiet --python .venv-lowest/bin/python --resolution lowest-direct -e '.[test]'
.venv-lowest/bin/python scripts/lowest_versions.py test
.venv-lowest/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/editors "$@"

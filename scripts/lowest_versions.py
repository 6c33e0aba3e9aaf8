"""Check that the installed direct dependencies are the lowest versions pyproject.toml allows.

    python scripts/lowest_versions.py [EXTRA ...]

Run after `uv pip install --resolution lowest-direct -e '.[test]'` (scripts/test_lowest.sh): a
lower bound that cannot be installed with the others (so the resolver took a newer version) is
not tested, and this says which, so the bound is raised to what is.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.markers import Marker  # installed with pytest

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?[^;]*?>=\s*([0-9][^,;\s]*)")


def _release(v: str) -> tuple[int, ...]:
    """`6.0` and `6.0.0` compare equal; pre-release tails are ignored."""
    parts = [int(p) for p in re.findall(r"\d+", v.split("+")[0])[:4]]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def lower_bounds(extras: list[str]) -> dict[str, str]:
    """Each direct dependency (of the core and of `extras`) and its `>=` bound."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    bounds = {}
    for spec in specs:
        if ";" in spec and not Marker(spec.split(";", 1)[1]).evaluate():
            continue  # not for this Python or platform
        m = _LOWER.match(spec)
        if m is None:
            raise SystemExit(f"no lower bound in {spec!r}: every dependency states the lowest version tested")
        bounds[m.group(1)] = m.group(2)
    return bounds


def main(extras: list[str]) -> int:
    wrong = []
    for name, low in lower_bounds(extras).items():
        try:
            got = version(name)
        except PackageNotFoundError:
            wrong.append(f"{name}: not installed (lowest allowed {low})")
            continue
        if _release(got) != _release(low):
            wrong.append(f"{name}: {got} installed, but pyproject.toml allows {low}")
    for line in wrong:
        print(line, file=sys.stderr)
    if wrong:
        print("raise these lower bounds to the versions installed: those are what the tests ran on", file=sys.stderr)
        return 1
    print(f"lowest versions installed: {len(lower_bounds(extras))} direct dependencies at their lower bounds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

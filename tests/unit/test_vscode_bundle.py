"""editor-config/vscode/scripts/bundle.py: how the per-Python installs become one bundled/libs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from support import REPO

_spec = importlib.util.spec_from_file_location("vscode_bundle", REPO / "editor-config" / "vscode" / "scripts" / "bundle.py")
bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle)


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def listing(root: Path) -> dict[str, str]:
    return {f.relative_to(root).as_posix(): f.read_text() for f in sorted(root.rglob("*")) if f.is_file()}


def test_merge_shares_the_same_files_and_keeps_each_python_s_compiled_modules(tmp_path: Path) -> None:
    a = tree(tmp_path / "cp311", {"yaml/__init__.py": "py", "yaml/_yaml.cpython-311-x86_64-linux-gnu.so": "311",
                                  "pyyaml-6.0.dist-info/WHEEL": "Tag: cp311", "bin/tool": "x", "yaml/__pycache__/a.pyc": "c"})
    b = tree(tmp_path / "cp312", {"yaml/__init__.py": "py", "yaml/_yaml.cpython-312-x86_64-linux-gnu.so": "312",
                                  "pyyaml-6.0.dist-info/WHEEL": "Tag: cp312"})
    out = tmp_path / "libs"
    bundle.merge({"3.11": a, "3.12": b}, out)
    assert listing(out) == {
        "pyyaml-6.0.dist-info/WHEEL": "Tag: cp311",  # install records: the first kept
        "yaml/__init__.py": "py",
        "yaml/_yaml.cpython-311-x86_64-linux-gnu.so": "311",
        "yaml/_yaml.cpython-312-x86_64-linux-gnu.so": "312",
    }


def test_merge_refuses_a_file_that_differs_between_pythons(tmp_path: Path) -> None:
    a = tree(tmp_path / "cp311", {"typing_extensions.py": "4.15"})
    b = tree(tmp_path / "cp312", {"typing_extensions.py": "4.16"})
    with pytest.raises(bundle.BundleError, match=r"typing_extensions\.py differs between CPython 3\.11 and 3\.12"):
        bundle.merge({"3.11": a, "3.12": b}, tmp_path / "libs")


def test_dependencies_come_from_pyproject_and_the_optional_ones_are_set_apart() -> None:
    required, optional = bundle.dependencies()
    names = {bundle.requirement_name(r).lower() for r in required}
    assert {"pyyaml", "pydantic", "pygls", "lsprotocol"} <= names
    assert [bundle.requirement_name(r) for r in optional] == ["markdown-it-pyrs"]
    assert bundle.requirement_name("markdown-it-pyrs>=0.4") == "markdown-it-pyrs"
    assert bundle.requirement_name("PyYAML") == "PyYAML"


def test_an_unknown_target_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(bundle.BundleError, match="unknown target 'beos-x86'; known: linux-x64, linux-arm64"):
        bundle.bundle("beos-x86", tmp_path / "x.vsix")
    assert not (tmp_path / "x.vsix").exists()

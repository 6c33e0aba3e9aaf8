"""Build a platform-specific agentls .vsix that carries the server and its libraries.

    python scripts/bundle.py --target linux-x64 [--out agentls-linux-x64.vsix]

In a copy of the extension (this folder is left as it is), puts into `bundled/libs/` this
repository's agentls and its dependencies, as wheels from the package index for the target's
platform and for each CPython of PYTHONS, merged into one folder (CPython names its compiled
modules per version, `_yaml.cpython-312-x86_64-linux-gnu.so`, so one folder serves them all),
writes `bundled/bundle.json`, then runs `vsce package --target` there.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

EXT = Path(__file__).resolve().parent.parent
REPO = EXT.parent.parent
# What the .vsix is made of (see .vscodeignore), copied into the staging folder.
SOURCES = ("package.json", "README.md", "LICENSE", ".vscodeignore", "esbuild.mjs", "tsconfig.json", "src", "schemas", "bundled")
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# VS Code target -> pip platform tags (the oldest OS each wheel set supports: glibc 2.17, macOS 10.13 / 11).
TARGETS: dict[str, tuple[str, ...]] = {
    "linux-x64": ("manylinux_2_17_x86_64", "manylinux2014_x86_64"),
    "linux-arm64": ("manylinux_2_17_aarch64", "manylinux2014_aarch64"),
    "darwin-x64": ("macosx_10_13_x86_64",),
    "darwin-arm64": ("macosx_11_0_arm64",),
    "win32-x64": ("win_amd64",),
}
# Dependencies agentls can do without (it falls back to markdown-it-py): bundled for the Pythons
# that have a wheel of them, left out for the others.
OPTIONAL = ("markdown-it-pyrs",)


class BundleError(Exception):
    """A step failed; the message says which and why."""


def run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)


def requirement_name(req: str) -> str:
    """`markdown-it-pyrs>=0.4` -> `markdown-it-pyrs`."""
    for i, ch in enumerate(req):
        if not (ch.isalnum() or ch in "-_."):
            return req[:i].strip()
    return req.strip()


def dependencies() -> tuple[list[str], list[str]]:
    """agentls' dependencies from pyproject.toml: (required, optional)."""
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    optional = [d for d in deps if requirement_name(d).lower() in OPTIONAL]
    return [d for d in deps if d not in optional], optional


def pip_target(dest: Path, target: str, python: str, args: list[str]) -> subprocess.CompletedProcess:
    """`pip install --target dest` of wheels only, for `target`'s platform and CPython `python`."""
    abi = "cp" + python.replace(".", "")
    platforms = [a for p in TARGETS[target] for a in ("--platform", p)]
    return run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
                "--target", str(dest), "--only-binary", ":all:", *platforms, "--python-version", python,
                "--implementation", "cp", "--abi", abi, "--abi", "abi3", "--abi", "none", *args])


def pip_error(proc: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR")] or proc.stderr.splitlines()[-3:]
    return "\n  ".join(lines)


def build_agentls(work: Path) -> Path:
    """A wheel of this repository's agentls, built from a clean copy of its sources."""
    src = work / "src"
    shutil.copytree(REPO / "server", src / "server", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    proc = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
                "--wheel-dir", str(work / "wheel"), str(src)])
    if proc.returncode != 0:
        raise BundleError(f"building the agentls wheel failed:\n  {pip_error(proc)}")
    return next((work / "wheel").glob("agentls-*.whl"))


def install_for(work: Path, target: str, python: str, wheel: Path) -> tuple[Path, list[str]]:
    """Install agentls and its dependencies for one CPython; (folder, optional packages left out)."""
    dest = work / f"cp{python.replace('.', '')}"
    required, optional = dependencies()
    proc = pip_target(dest, target, python, required)
    if proc.returncode != 0:
        raise BundleError(f"{target}: no wheels for CPython {python} ({', '.join(TARGETS[target])}):\n  {pip_error(proc)}")
    proc = pip_target(dest, target, python, ["--no-deps", str(wheel)])
    if proc.returncode != 0:
        raise BundleError(f"installing the agentls wheel failed:\n  {pip_error(proc)}")
    left_out = []
    for req in optional:
        proc = pip_target(dest, target, python, ["--no-deps", req])
        if proc.returncode != 0 and "No matching distribution" not in proc.stderr:
            raise BundleError(f"installing {req} for CPython {python} failed:\n  {pip_error(proc)}")
        if proc.returncode != 0:
            left_out.append(requirement_name(req))
    return dest, left_out


def merge(sources: dict[str, Path], out: Path) -> None:
    """Copy every per-Python folder into `out`. A file present in several must be the same in all,
    except the install records in `*.dist-info` (they name the wheel's tags): the first one is kept."""
    origin: dict[Path, str] = {}
    for python, src in sources.items():
        for f in sorted(src.rglob("*")):
            rel = f.relative_to(src)
            if f.is_dir() or rel.parts[0] == "bin" or "__pycache__" in rel.parts:
                continue
            dest = out / rel
            if rel in origin:
                if not filecmp.cmp(f, dest, shallow=False) and not rel.parts[0].endswith(".dist-info"):
                    raise BundleError(f"{rel} differs between CPython {origin[rel]} and {python}: "
                                      "the Pythons resolved different versions; they cannot share one folder")
                continue
            origin[rel] = python
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)


def build_libs(target: str, out: Path, work: Path) -> dict:
    """Fill `out` (a new folder) for `target`; returns the manifest for bundle.json."""
    wheel = build_agentls(work)
    installed, without = {}, {}
    for python in PYTHONS:
        installed[python], left_out = install_for(work, target, python, wheel)
        for name in left_out:
            without.setdefault(name, []).append(python)
    merge(installed, out)
    return {"target": target, "agentls": wheel.name.split("-")[1], "python": list(PYTHONS), "without": without}


def stage(dest: Path) -> Path:
    """A copy of the extension to package, sharing this folder's node_modules."""
    dest.mkdir()
    for name in SOURCES:
        src = EXT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "libs", "bundle.json"))
        else:
            shutil.copy2(src, dest / name)
    (dest / "node_modules").symlink_to(EXT / "node_modules", target_is_directory=True)
    return dest


def package(staged: Path, target: str, out: Path) -> None:
    """Type-check, then `vsce package --target` in the staging folder (it runs the esbuild bundle)."""
    npm = shutil.which("npm")
    if npm is None or not (EXT / "node_modules" / "@vscode" / "vsce").is_dir():
        raise BundleError("npm and the extension's packages are needed (`npm ci` in editor-config/vscode)")
    for cmd, cwd in (([npm, "run", "--silent", "typecheck"], EXT),
                     (["node", str(EXT / "node_modules" / "@vscode" / "vsce" / "vsce"), "package", "--no-dependencies",
                       "--target", target, "--out", str(out)], staged)):
        proc = run(cmd, cwd=cwd)
        if proc.returncode != 0:
            raise BundleError(f"{' '.join(cmd[:4])} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def bundle(target: str, out: Path) -> dict:
    """Build the .vsix `out` for `target`; returns its bundle.json."""
    if target not in TARGETS:
        raise BundleError(f"unknown target {target!r}; known: {', '.join(TARGETS)}")
    with tempfile.TemporaryDirectory(prefix="agentls-bundle-") as tmp:
        staged = stage(Path(tmp) / "extension")
        manifest = build_libs(target, staged / "bundled" / "libs", Path(tmp))
        (staged / "bundled" / "bundle.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        out.unlink(missing_ok=True)
        package(staged, target, out)
    return manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build a .vsix that carries the agentls server for one platform.")
    p.add_argument("--target", required=True, choices=sorted(TARGETS), help="the VS Code platform target")
    p.add_argument("--out", type=Path, help="the .vsix to write (default: agentls-TARGET.vsix here)")
    args = p.parse_args(argv)
    out = (args.out or EXT / f"agentls-{args.target}.vsix").resolve()
    try:
        manifest = bundle(args.target, out)
    except BundleError as exc:
        print(f"bundle.py: {exc}", file=sys.stderr)
        return 1
    for name, pythons in manifest["without"].items():
        print(f"note: {name} has no {args.target} wheel for CPython {', '.join(pythons)}; agentls does without it there")
    print(f"{out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

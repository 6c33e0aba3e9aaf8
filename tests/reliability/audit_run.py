"""Run `python -m agentls ARGS...` under a Python audit hook that records, one JSON object per line
in LOG, every file opened (with its mode), every folder listed, and every attempt to start a
process (subprocess, os.system, exec, spawn, fork).

    python audit_run.py LOG agentls check ...
    python audit_run.py LOG agentls serve

The audit hook sees what Python code does (the interpreter's own start-up happens before it).
"""

from __future__ import annotations

import json
import os
import runpy
import sys

_EXEC_EVENTS = {
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "os.startfile", "pty.spawn",
}


def main() -> None:
    log_path = sys.argv[1]
    module = sys.argv[2]
    log = open(log_path, "a", encoding="utf-8", buffering=1)  # opened before the hook: not recorded
    inside = False

    def hook(event: str, args: tuple) -> None:
        nonlocal inside
        if inside:
            return
        inside = True
        try:
            if event == "open":
                path, mode, flags = args
                if isinstance(path, (str, bytes, os.PathLike)):
                    writes = bool(mode and any(c in str(mode) for c in "wax+")) or bool(
                        isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
                    log.write(json.dumps({"event": "open", "path": os.fsdecode(path), "write": writes}) + "\n")
            elif event in ("os.listdir", "os.scandir"):
                path = args[0] if args else "."
                if isinstance(path, (str, bytes, os.PathLike)):
                    log.write(json.dumps({"event": "list", "path": os.fsdecode(path)}) + "\n")
            elif event in _EXEC_EVENTS:
                log.write(json.dumps({"event": "exec", "name": event, "args": repr(args)[:500]}) + "\n")
        finally:
            inside = False

    sys.addaudithook(hook)
    sys.argv = [module, *sys.argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()

"""The findings of every file of a workspace folder, for the server's background check
(`diagnostics.scope: "workspace"`), run in a worker process.

This module imports neither pygls nor lsprotocol: the worker process stays small.
"""

from __future__ import annotations

import os
import pickle

from agentls.analysis.config import Config
from agentls.memory import give_back

_KEPT: dict = {}  # the worker process keeps each folder's cache in memory between checks


def check_folder(root: str, config: Config, home: str | None) -> dict[str, bytes]:
    """Every file of the folder agentls serves -> its findings (pickled, one `bytes` per file: the
    server unpickles them a few at a time, so receiving a thousand never holds it for long),
    checked the way `agentls check` checks it, reusing its cache (`.agentls_cache/`, written only
    where it already exists). A file that cannot be read is left out (it is no agent file Claude
    Code could load either)."""
    from agentls.cli import check_cached
    from agentls.features.documents import served_kind
    from agentls.workspace.check_cache import FOLDER
    from agentls.workspace.discovery import discover

    files = [(p, k) for p, k in discover(root).files if served_kind(p, config, root)]
    save = os.path.isdir(os.path.join(root, FOLDER))
    results = check_cached({root: files}, config, home, [], {root}, save=save, kept=_KEPT)
    found = {os.path.abspath(r.path): pickle.dumps(r.findings, pickle.HIGHEST_PROTOCOL) for r in results if r.error is None}
    del results
    give_back()  # what the parses freed: the worker stays as small as the cache it keeps
    return found


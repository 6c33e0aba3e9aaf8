"""`agentls serve`, exactly as shipped, plus two read-only requests for the reliability tests.

- `agentlsTest/documentText` {uri}: the text and version the server holds for an open document
  (null when it holds none), so a test can compare it with the client's text;
- `agentlsTest/errors`: every ERROR record logged so far by any logger (pygls' and agentls'),
  with its traceback;
- `agentlsTest/fail`: a feature that raises, to show a failing feature is answered, not fatal.

Run as a script: `python probe_server.py` speaks LSP over stdio like `agentls serve`.
"""

from __future__ import annotations

import argparse
import logging
import sys

import agentls.server as entry
from agentls.server.server import create_server as _create_server


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


ERRORS = _Errors()
ERRORS.setFormatter(logging.Formatter("%(name)s: %(message)s"))


def create_server():
    ls = _create_server()

    @ls.feature("agentlsTest/documentText")
    def document_text(ls, params):
        td = ls.workspace.text_documents.get(params.uri)
        return None if td is None else {"text": td.source, "version": td.version}

    @ls.feature("agentlsTest/errors")
    def errors(ls, params):
        return list(ERRORS.records)

    @ls.feature("agentlsTest/fail")
    def fail(ls, params):
        raise RuntimeError("a feature failed on purpose")

    return ls


def main() -> int:
    logging.getLogger().addHandler(ERRORS)
    entry.create_server = create_server  # `serve` sets up logging as shipped, then builds this server
    return entry.serve(argparse.Namespace(log_level="info", tcp=None, stdio=True)) or 0


if __name__ == "__main__":
    sys.exit(main())

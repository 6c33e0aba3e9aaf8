"""`agentls serve`: the language server over stdio (default) or TCP.

Logs go to stderr and, once a client is connected, to `window/logMessage`; never to stdout,
which carries the protocol.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

__all__ = ["serve", "create_server"]

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


class _ClientLog(logging.Handler):
    """Forward agentls' own log records to the client's log (`window/logMessage`)."""

    def __init__(self, server) -> None:
        super().__init__()
        self.server = server
        self.loop: asyncio.AbstractEventLoop | None = None

    def emit(self, record: logging.LogRecord) -> None:
        from lsprotocol import types

        kind = {logging.ERROR: types.MessageType.Error, logging.WARNING: types.MessageType.Warning, logging.INFO: types.MessageType.Info}
        params = types.LogMessageParams(type=kind.get(record.levelno, types.MessageType.Log), message=self.format(record))
        try:
            if self.server.protocol.writer is None or self.server.stopping or self.server._reporting:
                return  # nothing to send to, or sending is what just failed
            try:
                self.loop = asyncio.get_running_loop()
            except RuntimeError:  # a worker thread: hand the message to the server's loop
                if self.loop is not None:
                    self.loop.call_soon_threadsafe(self.server.window_log_message, params)
                return
            self.server.window_log_message(params)
        except Exception:  # logging must never take the server down
            pass


def create_server():
    from agentls.server.server import create_server as _create

    return _create()


def serve(args: argparse.Namespace) -> int:
    """Run the server until the client disconnects."""
    tcp = getattr(args, "tcp", None)
    host, _, port = (tcp or "").rpartition(":")
    if tcp and not port.isdigit():
        print(f"agentls: --tcp expects HOST:PORT, got {tcp!r}", file=sys.stderr)
        return 2
    level = _LEVELS.get(getattr(args, "log_level", "info"), logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("agentls").setLevel(level)

    server = create_server()
    server.collector.enabled = True
    client_log = _ClientLog(server)
    client_log.setFormatter(logging.Formatter("%(message)s"))
    client_log.setLevel(max(level, logging.INFO))
    logging.getLogger("agentls").addHandler(client_log)

    if tcp:
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        from agentls.server.frames import FrameSync

        server.start_io(stdin=FrameSync(sys.stdin.buffer))
    return 0

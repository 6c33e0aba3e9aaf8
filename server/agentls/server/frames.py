"""Reading frames from a client that sent a broken one.

pygls reads a frame's header lines until a blank line, then as many bytes as its
`Content-Length` says. A header it cannot read (`Content-Length: abc`, `Content-Length:12`)
leaves it without a length: it then reads the body as a header line, and since a body need not
end with a line break, that line runs into the next frame's `Content-Length` header, which is
lost, and so on for every later frame. `FrameSync` stands between stdin and pygls and cuts such a
line just before the header it ends with, so the next well-formed frame is read as usual.
"""

from __future__ import annotations

import logging
import re
from typing import BinaryIO

log = logging.getLogger("agentls")

# the header as pygls reads it (`pygls.io_`), ending a line that holds something before it
_HEADER_AT_END = re.compile(rb"Content-Length: \d+\r\n\Z")


class FrameSync:
    """A binary stdin for pygls' reader (`readline`, `read`) that resynchronises on the next
    `Content-Length` header after a frame pygls could not read."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def readline(self) -> bytes:
        line = self.raw.readline()
        if line.endswith(b"\r\n") and not line.startswith(b"Content-Length: ") and b"Content-Length: " in line:
            m = _HEADER_AT_END.search(line)
            if m is not None:
                log.warning("dropped %d bytes that were not part of a readable frame (a frame header without a "
                            "valid Content-Length before them?)", m.start())
                return line[m.start():]
        return line

    def read(self, n: int) -> bytes:
        return self.raw.read(n)

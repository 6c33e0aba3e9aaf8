"""YAML nodes with exact source ranges, built from PyYAML events.

Building from events (not `compose`) means aliases are never expanded: a YAML bomb costs as
much as its text. Nesting depth and node count are capped. Offsets are string offsets into the
parsed text (PyYAML marks count code points, like Python strings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union


def _yaml():
    """PyYAML and its safe loader, imported on first use (the server answers `initialize`
    sooner). The C loader is many times faster; pure Python where libyaml is missing."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_DEPTH = 64
MAX_NODES = 50_000
DEPTH_LIMITED = f"nesting deeper than {MAX_DEPTH} levels"
# libyaml (PyYAML 6.0.4 on) refuses nesting past its own limit (1,000) while it scans ahead, before
# the parser has given the events that reach MAX_DEPTH; its words, in any context, say so.
_LIBRARY_DEPTH_ERROR = re.compile(r"maximum nesting depth|nesting depth exceeded|too deep", re.I)


@dataclass(slots=True)
class Scalar:
    """A YAML scalar with its source offsets."""

    value: str
    start: int
    end: int
    style: str | None = None  # None = plain, "'", '"', "|", ">"
    tag: str | None = None

    @property
    def plain(self) -> bool:
        return self.style is None or self.style == ""

    def typed(self) -> object:
        """The value under YAML 1.2's core schema (plain scalars only are typed)."""
        if not self.plain or self.tag == "!":
            return self.value
        return resolve_plain(self.value)


@dataclass(slots=True)
class Sequence:
    """A YAML sequence with its source offsets."""

    items: list["Node"]
    start: int
    end: int
    flow: bool = False


@dataclass(slots=True)
class Pair:
    """A key and its value in a YAML mapping."""

    key: "Node"
    value: "Node | None"


@dataclass(slots=True)
class Mapping:
    """A YAML mapping with its source offsets."""

    pairs: list[Pair]
    start: int
    end: int
    flow: bool = False


@dataclass(slots=True)
class Alias:
    """A YAML alias (`*name`), never expanded."""

    anchor: str
    start: int
    end: int


Node = Union[Scalar, Sequence, Mapping, Alias]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)$|0o[0-7]+$|0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def resolve_plain(text: str) -> object:
    """Resolve a plain scalar the way YAML 1.2's core schema does."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.match(text):
        return int(text, 0)
    if _FLOAT.match(text):
        return float(text)
    return text


@dataclass(slots=True)
class YamlError:
    """Why the YAML could not be read, and where."""

    message: str  # PyYAML's own words
    offset: int  # where the problem is
    context: str | None = None
    context_offset: int | None = None


@dataclass(slots=True)
class ParseResult:
    """The YAML tree, or the error that stopped it."""

    root: Node | None
    error: YamlError | None = None
    limited: str | None = None  # why parsing stopped early (bomb, depth)
    anchors: dict[str, Node] = field(default_factory=dict)


class _Builder:
    def __init__(self) -> None:
        self.stack: list[Sequence | Mapping] = []
        self.pending_key: list[Node | None] = []
        self.root: Node | None = None
        self.count = 0
        self.anchors: dict[str, Node] = {}
        # What the text would cost once aliases are expanded (counted, never built): an alias
        # weighs as much as the node it names.
        self.weights: list[int] = []  # expanded size of each open collection's children so far
        self.open_anchors: list[str | None] = []
        self.anchor_weight: dict[str, int] = {}
        self.expanded = 0  # the largest expanded size of any node so far

    def open(self, coll: "Sequence | Mapping", anchor: str | None) -> None:
        self.stack.append(coll)
        self.pending_key.append(None)
        self.weights.append(0)
        self.open_anchors.append(anchor)

    def add(self, node: Node, weight: int = 1) -> None:
        self.count += 1
        if self.stack:
            self.weights[-1] += weight
            self.expanded = max(self.expanded, self.weights[-1])
        else:
            self.expanded = max(self.expanded, weight)
        if not self.stack:
            if self.root is None:
                self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
        elif self.pending_key[-1] is None:
            self.pending_key[-1] = node
        else:
            parent.pairs.append(Pair(self.pending_key[-1], node))  # type: ignore[arg-type]
            self.pending_key[-1] = None

    def close(self, end: int) -> None:
        node = self.stack.pop()
        key = self.pending_key.pop()
        weight = 1 + self.weights.pop()
        anchor = self.open_anchors.pop()
        if anchor:
            self.anchor_weight[anchor] = weight
        if isinstance(node, Mapping) and key is not None:
            node.pairs.append(Pair(key, None))
        node.end = end
        self.add(node, weight)


def parse_yaml(text: str) -> ParseResult:
    """Parse one YAML document into ranged nodes; never raises."""
    yaml, _Loader = _yaml()
    b = _Builder()
    error: YamlError | None = None
    limited: str | None = None
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if isinstance(ev, yaml.ScalarEvent):
                tag = ev.tag if ev.tag not in (None, "tag:yaml.org,2002:str") else None
                if ev.implicit and ev.implicit[0] is False and ev.tag == "!":
                    tag = "!"
                node: Node = Scalar(ev.value, ev.start_mark.index, ev.end_mark.index, ev.style, tag)
                b.add(node)
                if ev.anchor:
                    b.anchor_weight[ev.anchor] = 1
            elif isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(b.stack) >= MAX_DEPTH:
                    limited = DEPTH_LIMITED
                    break
                flow = bool(ev.flow_style)
                coll: Sequence | Mapping
                if isinstance(ev, yaml.SequenceStartEvent):
                    coll = Sequence([], ev.start_mark.index, ev.start_mark.index, flow)
                else:
                    coll = Mapping([], ev.start_mark.index, ev.start_mark.index, flow)
                b.open(coll, ev.anchor)
                node = coll
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                b.close(ev.end_mark.index)
                if b.expanded > MAX_NODES:
                    limited = f"aliases that expand to more than {MAX_NODES} nodes (an alias bomb)"
                    break
                continue
            elif isinstance(ev, yaml.AliasEvent):
                node = Alias(ev.anchor or "", ev.start_mark.index, ev.end_mark.index)
                b.add(node, b.anchor_weight.get(node.anchor, 1))
            elif isinstance(ev, yaml.DocumentStartEvent) and b.root is not None:
                limited = "more than one YAML document"
                break
            else:
                continue
            anchor = getattr(ev, "anchor", None)
            if anchor and not isinstance(node, Alias):
                b.anchors[anchor] = node
            if b.count > MAX_NODES:
                limited = f"more than {MAX_NODES} nodes"
                break
            if b.expanded > MAX_NODES:
                limited = f"aliases that expand to more than {MAX_NODES} nodes (an alias bomb)"
                break
    except yaml.MarkedYAMLError as exc:
        if _LIBRARY_DEPTH_ERROR.search(f"{exc.problem} {exc.context}"):
            limited = DEPTH_LIMITED  # deeper than libyaml's limit, so deeper than ours
        else:
            mark = exc.problem_mark or exc.context_mark
            ctx_mark = exc.context_mark
            error = YamlError(
                message=str(exc.problem or exc.context or "invalid YAML"),
                offset=mark.index if mark is not None else 0,
                context=exc.context,
                context_offset=ctx_mark.index if ctx_mark is not None else None,
            )
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position too
        pos = getattr(exc, "position", 0) or 0
        if _Loader is not yaml.SafeLoader:  # libyaml counts a reader error's position in UTF-8 bytes
            pos = len(text.encode("utf-8", "surrogatepass")[:pos].decode("utf-8", "ignore"))
        error = YamlError(message=str(getattr(exc, "reason", exc)), offset=pos)
    except (RecursionError, MemoryError, ValueError) as exc:  # pragma: no cover - defensive
        error = YamlError(message=f"unreadable YAML ({exc.__class__.__name__})", offset=0)
    while b.stack:  # close what an error or a limit left open, so the partial tree is usable
        b.close(len(text))
    return ParseResult(b.root, error, limited, b.anchors)

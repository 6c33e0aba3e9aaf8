"""Package attributes imported on first use (PEP 562), so that importing one light module of a
package does not import the whole package: the language server answers `initialize` before the
document model, the catalog and the rules are loaded."""

from __future__ import annotations

import importlib
from typing import Any, Callable


def exports(package: dict[str, Any], names: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` (its globals): each name of `names[module]` is read
    from `package.module` when first asked for, then kept in the package."""
    where = {name: module for module, listed in names.items() for name in listed}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package['__name__']!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package['__name__']}.{module}"), name)
        package[name] = value
        return value

    return __getattr__


_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "groups", "groupindex", "flags")


class LazyPattern:
    """A regular expression compiled on its first use: the contradiction vocabulary holds a few
    hundred, and a file needs about a third of them (compiling them all cost a one-file check
    60-80 ms). After the first use its methods are the compiled pattern's own."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name not in _METHODS:
            raise AttributeError(name)
        from agentls import pattern_store

        compiled = pattern_store.compile(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def compile_later(pattern: str, flags: int = 0) -> Any:
    """`re.compile`, deferred to the pattern's first use (typed as a pattern for its callers)."""
    return LazyPattern(pattern, flags)

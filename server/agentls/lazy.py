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

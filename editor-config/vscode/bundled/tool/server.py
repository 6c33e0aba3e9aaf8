"""Start the agentls language server that the VS Code extension carries.

    <python> bundled/tool/server.py [ARGS]   # = agentls serve ARGS

Puts bundled/libs (agentls and its libraries, see scripts/bundle.py) first on sys.path, so the
Python that runs it needs nothing installed. Kept to Python 3.6 syntax, so that an older Python
still gets the message saying what to do instead of a SyntaxError.
"""

import os
import sys

LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")
FIX = ("Set agentls.server.pythonPath to a CPython 3.11 or newer, or set agentls.server.importStrategy "
       "to fromEnvironment to use an installed agentls.")


def fail(message):
    # type: (str) -> int
    sys.stderr.write("agentls: " + message + "\n" + FIX + "\n")
    return 1


def main():
    # type: () -> int
    where = "Python {}.{} ({})".format(sys.version_info[0], sys.version_info[1], sys.executable)
    if sys.version_info < (3, 11):
        return fail("the bundled server needs Python 3.11 or newer; this is " + where + ".")
    if not os.path.isdir(LIBS):
        return fail("this build of the extension carries no libraries (" + LIBS + " is missing).")
    sys.path.insert(0, LIBS)
    try:
        import pydantic_core  # noqa: F401  (compiled: the first to fail in a Python the bundle lacks)
        import yaml  # noqa: F401
        from agentls.cli import main as agentls
    except ImportError as exc:
        return fail("the bundled libraries do not load in " + where + ": " + str(exc) + ".")
    return agentls(["serve", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())

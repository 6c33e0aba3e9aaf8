"""`python -m agentls` runs the command line."""

from agentls.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

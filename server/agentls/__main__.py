"""`python -m agentls` runs the command line."""

from agentls.cli import run

if __name__ == "__main__":
    run()

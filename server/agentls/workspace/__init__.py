"""The workspace: agent files, skills and MCP configuration around a document."""

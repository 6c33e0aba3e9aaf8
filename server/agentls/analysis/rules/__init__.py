"""Rule families. Each module has `CODES` (what it may report) and `check(ctx)`."""

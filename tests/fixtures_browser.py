"""Fixtures for the browser tests (filled in by the module that needs them)."""

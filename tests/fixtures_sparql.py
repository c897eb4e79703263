"""Fixtures for the sparql tests (filled in by the module that needs them)."""

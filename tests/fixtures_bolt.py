"""Fixtures for the bolt tests (filled in by the module that needs them)."""

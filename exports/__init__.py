"""Exports: interactive cluster maps and standard graph files; generated files land here by default."""

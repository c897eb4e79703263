"""One root exception for everything the project raises on purpose, so a caller catches one class.

Each subclass keeps the builtin it used to be (``LookupError``, ``ValueError`` …) as a second base, so
code that caught the builtin still does. The CLI prints ``error: <message>`` and, with ``--debug``,
the chain of causes (raise ``… from exc`` so that chain is kept).
"""

from __future__ import annotations


class ClusterKGError(Exception):
    """Root of the project's errors; the message is one line a user can act on."""

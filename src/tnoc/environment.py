"""The environment variables TNOC reads, named once (no imports: the command line
reads them before anything heavy is loaded)."""

__all__ = ["JUSTIFICATION_ENV", "PURPOSE_ENV", "USER_ENV"]

USER_ENV = "TNOC_USER"
"""The TNOC user this process acts as (the command line's ``--as``)."""
PURPOSE_ENV = "TNOC_PURPOSE"
"""Why the case is consulted: case reference and justification (``--purpose``)."""
JUSTIFICATION_ENV = "TNOC_JUSTIFICATION"
"""A longer justification recorded beside the purpose, if any."""

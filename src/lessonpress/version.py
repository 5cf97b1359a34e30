"""The version of lessonpress (one place: the package, the CLI and new workspaces read it)."""

__version__ = "0.1.0"

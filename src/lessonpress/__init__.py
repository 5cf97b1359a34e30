"""lessonpress: from a YAML lesson spec and a source library to printable handouts."""

__version__ = "0.1.0"

"""Code that reaches into WeasyPrint's internals, kept in one place.

Each module here uses names WeasyPrint does not document as public (its box tree, its
tagging and layout functions, how it finds its system libraries). Each checks what it
uses, leaves the render as WeasyPrint made it when a name is missing, and is covered by
a test that fails when a WeasyPrint release changes what it relies on. The version pin
in ``pyproject.toml`` (``weasyprint>=70,<71``) is there because of them.

- :mod:`.numbering`: line numbers continued across pages, strips a box does not need dropped.
- :mod:`.tagging`: each passage's language in the tagged PDF.
- :mod:`.pagelimit`: layout stopped at a page limit.
- :mod:`.syslibs`: the system libraries found without a subprocess per guess.
"""

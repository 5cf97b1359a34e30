"""``python -m lessonpress`` runs the command line."""

from .cli import main

main()

"""``python -m lessonpress`` runs the command line."""

from lessonpress.cli import main

main()

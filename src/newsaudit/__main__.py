"""``python -m newsaudit``: the same as the ``newsaudit`` command."""

from newsaudit.cli import main

main()

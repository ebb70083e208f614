"""``python -m tnoc.cli``: the same as the ``tnoc`` command."""

from tnoc.cli.main import main

main()

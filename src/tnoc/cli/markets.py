"""``tnoc markets``: darknet market analytics on Agora listing files (issue #24)."""

from __future__ import annotations

from tnoc.cli.common import command_group

markets_app = command_group(
    help="Darknet market analytics on Agora listing CSVs: vendors, links between "
         "accounts. Works on the files; no case needed.", no_args_is_help=True)

"""The ``innocounty`` command.

Engine commands (``evaluate``, ``validate``, ``frameworks``) run without Django, so they start fast
and work on any data files. Every other command is a Django management command of the platform, e.g.
``innocounty audit verify``, ``innocounty migrate`` or ``innocounty demo``.
"""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = {"evaluate", "validate", "frameworks"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        from innocounty.evaluation.cli import main as engine_main

        return engine_main(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocounty.web.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["innocounty", *args] if args else ["innocounty", "help"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Prints every recipe's parameters as the awe-dp catalog describes them (JSON).

    python3 -m opipe.describe

Read from each recipe's own argparse parser, so the catalog's submit forms offer
exactly the options the recipe accepts. `--input` is left out: it is another
spelling of the positional input files.
"""

import argparse
import importlib
import json
import pkgutil
import re
import sys

from opipe import cli, recipes

NUMBER_TYPES = {int: "integer", cli.positive_int: "integer", float: "number", cli.positive_float: "number"}
SKIPPED = {"help", "more_inputs"}


def parameter(action: argparse.Action) -> dict[str, object]:
    described: dict[str, object] = {"name": action.dest}
    if isinstance(action, argparse._StoreTrueAction):
        described["type"] = "boolean"
        described["default"] = False
    elif action.metavar == "FILE":
        described["type"] = "file-input"
    else:
        described["type"] = NUMBER_TYPES.get(action.type, "string")
    if action.default is not None and "default" not in described and action.default != []:
        described["default"] = action.default
    if action.help:
        # The default is a field of its own; the help's "(default N)" would repeat it.
        described["help"] = re.sub(r"\s*\(default %\(default\)s\)", "", action.help)
    if action.choices:
        described["choices"] = list(action.choices)
    if action.option_strings:
        described["flag"] = action.option_strings[-1]
    if action.nargs in ("*", "+"):
        described["multiple"] = True
    return described


def describe(name: str) -> list[dict[str, object]]:
    module = importlib.import_module(f"opipe.recipes.{name}")
    parser = cli.build_parser(name, module.__doc__, module.add_arguments)
    return [parameter(action) for action in parser._actions if action.dest not in SKIPPED]


def main() -> int:
    names = sorted(info.name for info in pkgutil.iter_modules(recipes.__path__))
    json.dump({name: describe(name) for name in names}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

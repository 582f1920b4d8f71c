"""What every recipe shares: argument parsing, the run's context and log, products, exit codes.

Exit codes: 0 success, 2 bad arguments (argparse's convention), 1 processing errors
such as an unreadable or malformed input file.
"""

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from opipe import context, fits
from opipe.image import Image

DEFAULT_SEED = 42


class UsageError(Exception):
    """Arguments that parse but do not make sense together; reported like an argparse error."""


class Run:
    """One recipe run: its name, the AWE context it uses and the directory its products go to."""

    def __init__(self, recipe: str, settings: dict[str, str], output_dir: Path):
        self.recipe = recipe
        self.settings = settings
        self.output_dir = output_dir

    def log(self, message: str) -> None:
        # Flushed so the agent streams progress while the recipe still runs.
        print(f"{self.recipe}: {message}", flush=True)

    def provenance(self) -> dict[str, str]:
        """What every product records about its making: the recipe and the project, if any."""
        values = {"RECIPE": self.recipe}
        if self.settings.get("project"):
            values["PROJECT"] = self.settings["project"]
        return values

    def read_images(self, paths: list[str]) -> list[Image]:
        self.log(f"reading {len(paths)} frame{'s' if len(paths) != 1 else ''}")
        return [fits.read(path) for path in paths]

    def images(self, args: argparse.Namespace, what: str, synthesize: Callable[[], list[Image]],
               at_most: int | None = None, too_many: str = "") -> list[Image]:
        """The frames named on the command line, or without any those `synthesize` makes.

        `what` says what is made instead, e.g. "generating 3 synthetic biases"; it is logged
        as "no inputs, <what> (seed N)" ("no input" when `at_most` is 1). More inputs than
        `at_most` are a UsageError, worded by `too_many` (`{n}` stands for their number).
        """
        paths = inputs(args)
        if at_most is not None and len(paths) > at_most:
            template = too_many or f"takes at most {at_most} input{'s' if at_most != 1 else ''}, got {{n}}"
            raise UsageError(template.format(n=len(paths)))
        if paths:
            return self.read_images(paths)
        self.log(f"no input{'' if at_most == 1 else 's'}, {what} (seed {args.seed})")
        return synthesize()

    def write_image(self, name: str, image: Image, values: dict[str, object] | None = None,
                    bitpix: int = -32) -> None:
        header = {**image.header, **(values or {}), **self.provenance()}
        fits.write(str(self._path(name)), image.like(image.pixels, header), bitpix)
        self.log(f"wrote {name}")

    def write_table(self, name: str, columns: list[str], rows: list[list[object]]) -> None:
        """A CSV table preceded by `# name: value` provenance lines."""
        with open(self._path(name), "w", newline="", encoding="utf-8") as stream:
            for key, value in self.provenance().items():
                stream.write(f"# {key.lower()}: {value}\n")
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
        self.log(f"wrote {name}")

    def write_values(self, name: str, values: dict[str, object]) -> None:
        """A JSON object of measured values, with the provenance in lower-case keys."""
        record = {key.lower(): value for key, value in self.provenance().items()}
        record.update(values)
        self._path(name).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        self.log(f"wrote {name}")

    def _path(self, name: str) -> Path:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        return self.output_dir / name


def output_dir() -> Path:
    """`$AWE_OUTPUT_DIR`, or `output` under the working directory."""
    return Path(os.environ.get("AWE_OUTPUT_DIR") or "output")


def product_name(text: str) -> str:
    """argparse type of a product file name: a plain name, so products stay in the output directory."""
    if not text or "/" in text or "\\" in text or text in (".", ".."):
        raise argparse.ArgumentTypeError(f"{text!r} is not a plain file name")
    return text


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def add_inputs(parser: argparse.ArgumentParser, what: str) -> None:
    """Input files, as positional arguments and/or an `--input` list."""
    parser.add_argument("inputs", nargs="*", metavar="FILE", help=what)
    parser.add_argument("--input", dest="more_inputs", nargs="+", action="extend", default=[],
                        metavar="FILE", help="more input files, same as the positional ones")


def inputs(args: argparse.Namespace) -> list[str]:
    return list(args.inputs) + list(args.more_inputs)


def add_output(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--output", type=product_name, default=default, metavar="NAME",
                        help="file name of the product in the output directory (default %(default)s)")


def build_parser(recipe: str, doc: str,
                 add_arguments: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """A recipe's full argument parser; `opipe.describe` reads the catalog's parameters from it."""
    parser = argparse.ArgumentParser(
        prog=f"python3 -m opipe.recipes.{recipe}", description=doc,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="seed of the synthetic inputs made when none are given (default %(default)s)")
    add_arguments(parser)
    return parser


def run(recipe: str, doc: str,
        add_arguments: Callable[[argparse.ArgumentParser], None],
        process: Callable[[argparse.Namespace, Run], None]) -> int:
    """Parses the arguments, loads the context, runs `process` and maps failures to exit codes."""
    parser = build_parser(recipe, doc, add_arguments)
    args = parser.parse_args()
    try:
        settings = context.load()
        print(f"context: {context.describe(settings)}", flush=True)
        process(args, Run(recipe, settings, output_dir()))
    except UsageError as error:
        parser.error(str(error))
    except (OSError, ValueError) as error:
        print(f"{recipe}: error: {error}", file=sys.stderr, flush=True)
        return 1
    return 0

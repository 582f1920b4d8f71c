"""AssociateList: matches two source lists by position.

    python3 -m opipe.recipes.AssociateList [--radius PIXELS] [--seed N] [--output NAME] [FIRST.csv SECOND.csv]

Two sources are associated when each is the other's nearest neighbour and they
lie within --radius pixels (default 2) of each other.
Inputs: exactly two SourceList products, or none: then sources are found in two
synthetic reduced science frames of the same field.
Product: associations.csv, `#` provenance lines then columns id_a, id_b, x_a,
y_a, x_b, y_b, separation (pixels).
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, sources, synth

COLUMNS = ["id_a", "id_b", "x_a", "y_a", "x_b", "y_b", "separation"]


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "two source lists (SourceList products)")
    parser.add_argument("--radius", type=cli.positive_float, default=2.0,
                        help="largest separation of a match in pixels (default %(default)s)")
    cli.add_output(parser, "associations.csv")


def process(args: Namespace, run: cli.Run) -> None:
    paths = cli.inputs(args)
    if paths and len(paths) != 2:
        raise cli.UsageError(f"needs exactly two source lists, got {len(paths)}")
    if paths:
        run.log("reading 2 source lists")
        first, second = (sources.read_catalog(path) for path in paths)
    else:
        run.log(f"no inputs, finding sources in 2 synthetic frames (seed {args.seed})")
        first, second = (sources.detect(synth.calibrated(synth.science(args.seed, i)), 5.0, 3) for i in range(2))
    run.log(f"matching {len(first)} against {len(second)} sources within {args.radius:g} pixels")
    pairs = sources.associate(first, second, args.radius)
    run.log(f"{len(pairs)} associated, {len(first) - len(pairs)} and {len(second) - len(pairs)} unmatched")
    rows = [[a.id, b.id, f"{a.x:.3f}", f"{a.y:.3f}", f"{b.x:.3f}", f"{b.y:.3f}", f"{d:.3f}"] for a, b, d in pairs]
    run.write_table(args.output, COLUMNS, rows)


if __name__ == "__main__":
    sys.exit(cli.run("AssociateList", __doc__, add_arguments, process))

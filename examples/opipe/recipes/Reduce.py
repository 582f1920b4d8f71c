"""Reduce: reduces a list of raw science frames, each (raw - bias) / flat.

    python3 -m opipe.recipes.Reduce [--bias FILE] [--flat FILE] [--count N] [--seed N] [RAW.fits ...]

Inputs: raw science frames; --bias and --flat name the master bias and flat,
e.g. the products of Bias and MasterFlat (default: the synthetic camera's).
Without inputs, --count (default 3) synthetic science frames are made.
Products: one sci_<raw stem>.fits per frame (sci_synthetic_<n>.fits for
synthetic ones), as written by Science.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import calib, cli, fits, synth


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "raw science frames")
    parser.add_argument("--bias", metavar="FILE", help="master bias (default: the synthetic bias level)")
    parser.add_argument("--flat", metavar="FILE", help="master flat (default: the synthetic camera's flat)")
    parser.add_argument("--count", type=cli.positive_int, default=3,
                        help="number of synthetic frames when no inputs are given (default %(default)s)")


def process(args: Namespace, run: cli.Run) -> None:
    paths = cli.inputs(args)
    names = [calib.reduced_name(path) for path in paths]
    if len(set(names)) < len(names):
        raise cli.UsageError("two inputs share a file name; their products would overwrite each other")
    if not paths:
        run.log(f"no inputs, generating {args.count} synthetic science frames (seed {args.seed})")
        names = [calib.reduced_name(f"synthetic_{i + 1}") for i in range(args.count)]
    bias = calib.bias_frame(args.bias, run.log)
    flat = calib.flat_frame(args.flat, run.log)
    run.log(f"reducing {len(names)} frames")
    cards = {"BIASFILE": args.bias or "synthetic", "FLATFILE": args.flat or "synthetic"}
    for index, name in enumerate(names):
        raw = fits.read(paths[index]) if paths else synth.science(args.seed, index)
        run.write_image(name, calib.reduce(raw, bias, flat), cards)


if __name__ == "__main__":
    sys.exit(cli.run("Reduce", __doc__, add_arguments, process))

"""Coadd: stacks reduced frames of one pointing into a deeper image.

    python3 -m opipe.recipes.Coadd [--method median|mean] [--count N] [--seed N] [--output NAME] [REDUCED.fits ...]

Inputs: reduced frames of one shape and pointing, such as Science or Reduce
products. They are combined pixel by pixel (--method, default median, which
also rejects cosmic rays). Without inputs, --count (default 3) synthetic
science frames, calibrated with the synthetic camera's bias and flat, are used.
Product: coadd.fits (BITPIX -32) with cards NCOMBINE and COMBINE, and the first
frame's EXPTIME.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, synth
from opipe.image import combine


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "reduced frames")
    parser.add_argument("--method", choices=("median", "mean"), default="median",
                        help="how to combine the frames (default %(default)s)")
    parser.add_argument("--count", type=cli.positive_int, default=3,
                        help="number of synthetic frames when no inputs are given (default %(default)s)")
    cli.add_output(parser, "coadd.fits")


def process(args: Namespace, run: cli.Run) -> None:
    frames = run.images(args, f"generating {args.count} synthetic reduced frames",
                        lambda: [synth.calibrated(synth.science(args.seed, i)) for i in range(args.count)])
    run.log(f"stacking {len(frames)} frames ({args.method})")
    coadd = combine(frames, args.method)
    values: dict[str, object] = {"NCOMBINE": len(frames), "COMBINE": args.method}
    if "EXPTIME" in frames[0].header:
        values["EXPTIME"] = frames[0].header["EXPTIME"]
    run.write_image(args.output, coadd, values)


if __name__ == "__main__":
    sys.exit(cli.run("Coadd", __doc__, add_arguments, process))

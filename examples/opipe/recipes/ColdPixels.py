"""ColdPixels: flags pixels far below the median of a flat field.

    python3 -m opipe.recipes.ColdPixels [--bias FILE | --no-debias] [--fraction F] [--seed N] [--output NAME] [FLAT.fits ...]

Inputs: raw flats, from which --bias (default: the synthetic bias level) is
subtracted, or with --no-debias flats that are bias-free already, such as the
products of DomeFlat or MasterFlat. Several are median-combined. Without inputs,
3 synthetic dome flats are generated. A pixel is cold when its response is below
--fraction (default 0.7) of the median.
Product: cold_pixels.fits, a BITPIX 16 mask (1 = cold) with card NCOLD.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import calib, cli, synth
from opipe.image import median


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "flat frames")
    parser.add_argument("--bias", metavar="FILE", help="master bias to subtract (default: the synthetic bias level)")
    parser.add_argument("--no-debias", action="store_true", help="inputs are already bias-subtracted flats")
    parser.add_argument("--fraction", type=cli.positive_float, default=0.7,
                        help="response relative to the median below which a pixel is cold (default %(default)s)")
    cli.add_output(parser, "cold_pixels.fits")


def process(args: Namespace, run: cli.Run) -> None:
    if args.no_debias and args.bias:
        raise cli.UsageError("--bias and --no-debias exclude each other")
    frames = run.images(args, "generating 3 synthetic dome flats",
                        lambda: [synth.dome_flat(args.seed, i) for i in range(3)])
    run.log(f"combining {len(frames)} frames")
    if args.no_debias:
        bias = frames[0].like([0.0] * len(frames[0].pixels))
    else:
        bias = calib.bias_frame(args.bias, run.log)
    flat = calib.combine_flats(frames, bias)
    cut = args.fraction * median(flat.pixels)
    mask = [1.0 if v < cut else 0.0 for v in flat.pixels]
    cold = [(i % flat.width, i // flat.width) for i, m in enumerate(mask) if m]
    run.log(f"{len(cold)} cold pixels below {cut:.3f}: {' '.join(f'({x},{y})' for x, y in cold[:20])}")
    run.write_image(args.output, flat.like(mask), {"NCOLD": len(cold)}, bitpix=16)


if __name__ == "__main__":
    sys.exit(cli.run("ColdPixels", __doc__, add_arguments, process))

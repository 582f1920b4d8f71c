"""HotPixels: flags pixels far above the median of a dark exposure.

    python3 -m opipe.recipes.HotPixels [--threshold SIGMA] [--seed N] [--output NAME] [DARK.fits ...]

Inputs: raw dark frames; several are median-combined first so a cosmic ray in
one does not count. Without inputs, 3 synthetic darks are generated.
A pixel is hot when it lies more than --threshold (default 10) robust sigmas
above the median.
Product: hot_pixels.fits, a BITPIX 16 mask (1 = hot) with card NHOT.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, synth
from opipe.image import combine, median, robust_sigma


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "raw dark frames")
    parser.add_argument("--threshold", type=cli.positive_float, default=10.0,
                        help="robust sigmas above the median that make a pixel hot (default %(default)s)")
    cli.add_output(parser, "hot_pixels.fits")


def process(args: Namespace, run: cli.Run) -> None:
    frames = run.images(args, "generating 3 synthetic darks", lambda: [synth.dark(args.seed, i) for i in range(3)])
    run.log(f"combining {len(frames)} frames")
    dark = combine(frames, "median")
    cut = median(dark.pixels) + args.threshold * robust_sigma(dark.pixels)
    mask = [1.0 if v > cut else 0.0 for v in dark.pixels]
    hot = [(i % dark.width, i // dark.width) for i, m in enumerate(mask) if m]
    run.log(f"{len(hot)} hot pixels above {cut:.1f} ADU: {' '.join(f'({x},{y})' for x, y in hot[:20])}")
    run.write_image(args.output, dark.like(mask), {"NHOT": len(hot)}, bitpix=16)


if __name__ == "__main__":
    sys.exit(cli.run("HotPixels", __doc__, add_arguments, process))

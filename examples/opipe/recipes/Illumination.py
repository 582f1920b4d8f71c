"""Illumination: fits the smooth illumination correction of reduced sky frames.

    python3 -m opipe.recipes.Illumination [--count N] [--seed N] [--output NAME] [REDUCED.fits ...]

A dome flat is lit unlike the night sky; reduced science frames then keep a
large-scale sky gradient. The median of the normalized frames (stars rejected)
is fitted with a plane a + b*x + c*y; the plane scaled to median 1 is the
correction to multiply a flat by (see MasterFlat --illumination).
Inputs: reduced frames such as Science or Reduce products. Without inputs,
--count (default 5) synthetic sky frames, calibrated with the synthetic camera's
bias and flat, are used.
Product: illumination.fits (BITPIX -32, median 1) with cards ILLUMX and ILLUMY
(relative change per pixel in x and y) and NCOMBINE.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, synth
from opipe.image import combine, fit_plane, normalized, plane


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "reduced (bias-subtracted, flat-fielded) frames")
    parser.add_argument("--count", type=cli.positive_int, default=5,
                        help="number of synthetic frames when no inputs are given (default %(default)s)")
    cli.add_output(parser, "illumination.fits")


def process(args: Namespace, run: cli.Run) -> None:
    frames = run.images(args, f"generating {args.count} synthetic reduced sky frames",
                        lambda: [synth.calibrated(synth.sky_frame(args.seed, i)) for i in range(args.count)])
    run.log(f"combining {len(frames)} frames")
    sky = combine([normalized(frame) for frame in frames], "median")
    a, b, c = fit_plane(sky)
    correction = normalized(plane(sky.width, sky.height, (a, b, c)))
    across = b * (sky.width - 1) / a
    run.log(f"sky changes by {100 * across:+.2f}% across x and {100 * c * (sky.height - 1) / a:+.2f}% across y")
    run.write_image(args.output, correction, {"NCOMBINE": len(frames), "ILLUMX": b / a, "ILLUMY": c / a})


if __name__ == "__main__":
    sys.exit(cli.run("Illumination", __doc__, add_arguments, process))

"""SourceList: finds sources in a reduced image and writes their catalogue.

    python3 -m opipe.recipes.SourceList [--threshold SIGMA] [--min-pixels N] [--seed N] [--output NAME] [IMAGE.fits]

The sky is the image median and its noise the robust scatter; a source is a
group of at least --min-pixels (default 3) 8-connected pixels more than
--threshold (default 5) sigmas above the sky. Its position is the flux-weighted
centroid of the group, its flux the sum above the sky (isophotal).
Inputs: one reduced image, e.g. a Coadd or Science product. Without an input, a
synthetic science frame calibrated with the synthetic camera's bias and flat is used.
Product: sources.csv, `#` provenance lines then columns id, x, y (0-based
pixels), flux (ADU), peak (ADU above sky), npix; brightest first.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, sources, synth


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "one reduced image")
    parser.add_argument("--threshold", type=cli.positive_float, default=5.0,
                        help="detection threshold in sigmas above the sky (default %(default)s)")
    parser.add_argument("--min-pixels", type=cli.positive_int, default=3,
                        help="fewest connected pixels of a source (default %(default)s)")
    cli.add_output(parser, "sources.csv")


def process(args: Namespace, run: cli.Run) -> None:
    image, = run.images(args, "generating a synthetic reduced science frame",
                        lambda: [synth.calibrated(synth.science(args.seed))],
                        at_most=1, too_many="needs one image, got {n}")
    sky, sigma = sources.sky_level(image)
    run.log(f"sky {sky:.1f} ADU, noise {sigma:.2f} ADU, threshold {args.threshold:g} sigma")
    found = sources.detect(image, args.threshold, args.min_pixels)
    run.log(f"found {len(found)} sources")
    for source in found:
        run.log(f"source {source.id} at ({source.x:.2f}, {source.y:.2f}) flux {source.flux:.0f}")
    run.write_table(args.output, sources.COLUMNS, [source.row() for source in found])


if __name__ == "__main__":
    sys.exit(cli.run("SourceList", __doc__, add_arguments, process))

"""MasterFlat: combines flats (e.g. dome, twilight and night-sky products) into the master flat.

    python3 -m opipe.recipes.MasterFlat [--method mean|median] [--illumination FILE] [--seed N] [--output NAME] [FLAT.fits ...]

Inputs: bias-subtracted flats such as the products of DomeFlat, TwilightFlat and
NightSkyFlat. Each is normalized to median 1, then they are combined pixel by
pixel (--method, default mean). --illumination multiplies the result by an
Illumination product. Without inputs, a dome and a twilight flat are made from
synthetic frames.
Product: master_flat.fits (BITPIX -32, median 1) with card NCOMBINE, and
ILLUMCOR = T when an illumination correction was applied.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import calib, cli, fits, synth
from opipe.image import Image, check_same_shape, combine, normalized, robust_sigma


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "flats, e.g. DomeFlat/TwilightFlat/NightSkyFlat products")
    parser.add_argument("--method", choices=("mean", "median"), default="mean",
                        help="how to combine the flats (default %(default)s)")
    parser.add_argument("--illumination", metavar="FILE", help="illumination correction to multiply by")
    cli.add_output(parser, "master_flat.fits")


def process(args: Namespace, run: cli.Run) -> None:
    flats = run.images(args, "making a dome and a twilight flat from synthetic frames",
                       lambda: synthetic_flats(args.seed))
    run.log(f"combining {len(flats)} flats ({args.method})")
    master = normalized(combine([normalized(flat) for flat in flats], args.method))
    values: dict[str, object] = {"NCOMBINE": len(flats)}
    if args.illumination:
        correction = fits.read(args.illumination)
        check_same_shape([master, correction])
        master = normalized(master.like([m * c for m, c in zip(master.pixels, correction.pixels)]))
        values["ILLUMCOR"] = True
        run.log(f"applied illumination correction {args.illumination}")
    run.log(f"flat pixel scatter {robust_sigma(master.pixels):.4f}")
    run.write_image(args.output, master, values)


def synthetic_flats(seed: int) -> list[Image]:
    """A dome and a twilight flat, each combined from 3 synthetic frames."""
    bias = synth.master_bias()
    return [
        calib.combine_flats([synth.dome_flat(seed, i) for i in range(3)], bias),
        calib.combine_flats([synth.twilight_flat(seed, i) for i in range(3)], bias),
    ]


if __name__ == "__main__":
    sys.exit(cli.run("MasterFlat", __doc__, add_arguments, process))

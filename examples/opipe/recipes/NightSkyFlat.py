"""NightSkyFlat: combines night-sky frames into a normalized night-sky flat.

    python3 -m opipe.recipes.NightSkyFlat [--bias FILE] [--count N] [--seed N] [--output NAME] [FRAME.fits ...]

Night-sky flats come from science exposures of different fields: the median
of the normalized frames rejects the stars, which sit elsewhere in each frame,
and keeps the sky's illumination and fringes, which are the same in all.

Inputs: raw night-sky frames (positional or --input); --bias names the master
bias to subtract (default: the synthetic bias level). Without inputs, --count
(default 7) synthetic frames are generated.
Product: nightsky_flat.fits (BITPIX -32, median 1) with cards NCOMBINE and FLATTYPE.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, flatrecipe, synth


def add_arguments(parser: ArgumentParser) -> None:
    flatrecipe.add_arguments(parser, "night-sky", 7, "nightsky_flat.fits")


def process(args: Namespace, run: cli.Run) -> None:
    flatrecipe.process(args, run, "night-sky", synth.sky_frame)


if __name__ == "__main__":
    sys.exit(cli.run("NightSkyFlat", __doc__, add_arguments, process))

"""TwilightFlat: combines twilight flats into a normalized twilight flat.

    python3 -m opipe.recipes.TwilightFlat [--bias FILE] [--count N] [--seed N] [--output NAME] [FRAME.fits ...]

Twilight flats see the evening sky, fading from one exposure to the next; each
frame is normalized before combining, so the fading does not matter.

Inputs: raw twilight flats (positional or --input); --bias names the master
bias to subtract (default: the synthetic bias level). Without inputs, --count
(default 3) synthetic frames are generated.
Product: twilight_flat.fits (BITPIX -32, median 1) with cards NCOMBINE and FLATTYPE.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, flatrecipe, synth


def add_arguments(parser: ArgumentParser) -> None:
    flatrecipe.add_arguments(parser, "twilight flat", 3, "twilight_flat.fits")


def process(args: Namespace, run: cli.Run) -> None:
    flatrecipe.process(args, run, "twilight flat", synth.twilight_flat)


if __name__ == "__main__":
    sys.exit(cli.run("TwilightFlat", __doc__, add_arguments, process))

"""DomeFlat: combines dome flats into a normalized dome flat.

    python3 -m opipe.recipes.DomeFlat [--bias FILE] [--count N] [--seed N] [--output NAME] [FRAME.fits ...]

Dome flats see a lamp-lit screen: high signal, the pixel response in full.

Inputs: raw dome flats (positional or --input); --bias names the master
bias to subtract (default: the synthetic bias level). Without inputs, --count
(default 3) synthetic frames are generated.
Product: dome_flat.fits (BITPIX -32, median 1) with cards NCOMBINE and FLATTYPE.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, flatrecipe, synth


def add_arguments(parser: ArgumentParser) -> None:
    flatrecipe.add_arguments(parser, "dome flat", 3, "dome_flat.fits")


def process(args: Namespace, run: cli.Run) -> None:
    flatrecipe.process(args, run, "dome flat", synth.dome_flat)


if __name__ == "__main__":
    sys.exit(cli.run("DomeFlat", __doc__, add_arguments, process))

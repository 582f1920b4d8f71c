"""Bias: median-combines raw bias frames into a master bias.

    python3 -m opipe.recipes.Bias [--count N] [--seed N] [--output NAME] [BIAS.fits ...]

Inputs: raw bias frames (positional or --input). Without any, --count synthetic
biases (default 5) are generated from --seed.
Product: master_bias.fits (BITPIX -32) with cards NCOMBINE (frames combined),
BIASLEV (median level, ADU), RDNOISE (robust pixel scatter of one input, ADU),
RECIPE and PROJECT.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, synth
from opipe.image import combine, median, robust_sigma


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "raw bias frames")
    parser.add_argument("--count", type=cli.positive_int, default=5,
                        help="number of synthetic biases when no inputs are given (default %(default)s)")
    cli.add_output(parser, "master_bias.fits")


def process(args: Namespace, run: cli.Run) -> None:
    frames = run.images(args, f"generating {args.count} synthetic biases",
                        lambda: [synth.bias(args.seed, i) for i in range(args.count)])
    run.log(f"combining {len(frames)} frames")
    master = combine(frames, "median")
    level = median(master.pixels)
    noise = robust_sigma(frames[0].pixels)
    run.log(f"bias level {level:.2f} ADU, single-frame noise {noise:.2f} ADU")
    run.write_image(args.output, master, {"NCOMBINE": len(frames), "BIASLEV": level, "RDNOISE": noise})


if __name__ == "__main__":
    sys.exit(cli.run("Bias", __doc__, add_arguments, process))

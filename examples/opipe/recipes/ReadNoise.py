"""ReadNoise: estimates the read noise from the difference of two bias frames.

    python3 -m opipe.recipes.ReadNoise [--seed N] [--output NAME] [BIAS1.fits BIAS2.fits]

Inputs: exactly two raw bias frames, or none to use two synthetic ones.
The difference removes the fixed bias structure; its robust scatter divided by
sqrt(2) is the read noise of one frame.
Product: read_noise.json with read_noise (ADU), npix, recipe and project.
"""

import math
import sys
from argparse import ArgumentParser, Namespace

from opipe import cli, synth
from opipe.image import robust_sigma, subtract


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "two raw bias frames")
    cli.add_output(parser, "read_noise.json")


def process(args: Namespace, run: cli.Run) -> None:
    paths = cli.inputs(args)
    if paths and len(paths) != 2:
        raise cli.UsageError(f"needs exactly two bias frames, got {len(paths)}")
    first, second = run.images(args, "generating 2 synthetic biases",
                               lambda: [synth.bias(args.seed, 0), synth.bias(args.seed, 1)])
    difference = subtract(first, second)
    noise = robust_sigma(difference.pixels) / math.sqrt(2)
    run.log(f"read noise {noise:.3f} ADU from {len(difference.pixels)} pixels")
    run.write_values(args.output, {"read_noise": round(noise, 4), "unit": "ADU", "npix": len(difference.pixels)})


if __name__ == "__main__":
    sys.exit(cli.run("ReadNoise", __doc__, add_arguments, process))

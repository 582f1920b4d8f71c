"""FringeFlat: extracts the fringe pattern from night-sky frames.

    python3 -m opipe.recipes.FringeFlat [--bias FILE] [--flat FILE] [--count N] [--seed N] [--output NAME] [SKY.fits ...]

Each raw sky frame is bias-subtracted, flat-fielded and normalized; their median
rejects the stars. What is left beyond a smooth plane (the illumination) is the
fringe pattern, in units of the sky level.
Inputs: raw night-sky frames; --bias and --flat name the master bias and flat
(default: the synthetic camera's). Without inputs, --count (default 7)
synthetic sky frames are generated.
Product: fringe.fits (BITPIX -32, mean about 0) with cards NCOMBINE and
FRNGRMS (rms fringe amplitude relative to the sky).
"""

import math
import sys
from argparse import ArgumentParser, Namespace

from opipe import calib, cli, synth
from opipe.image import combine, fit_plane, normalized, plane, subtract


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "raw night-sky frames")
    parser.add_argument("--bias", metavar="FILE", help="master bias (default: the synthetic bias level)")
    parser.add_argument("--flat", metavar="FILE", help="master flat (default: the synthetic camera's flat)")
    parser.add_argument("--count", type=cli.positive_int, default=7,
                        help="number of synthetic sky frames when no inputs are given (default %(default)s)")
    cli.add_output(parser, "fringe.fits")


def process(args: Namespace, run: cli.Run) -> None:
    frames = run.images(args, f"generating {args.count} synthetic sky frames",
                        lambda: [synth.sky_frame(args.seed, i) for i in range(args.count)])
    bias = calib.bias_frame(args.bias, run.log)
    flat = calib.flat_frame(args.flat, run.log)
    run.log(f"combining {len(frames)} frames")
    sky = combine([normalized(calib.reduce(frame, bias, flat)) for frame in frames], "median")
    smooth = plane(sky.width, sky.height, fit_plane(sky))
    fringe = subtract(sky, smooth)
    rms = math.sqrt(sum(v * v for v in fringe.pixels) / len(fringe.pixels))
    run.log(f"fringe rms {rms:.4f} of the sky")
    run.write_image(args.output, fringe, {"NCOMBINE": len(frames), "FRNGRMS": rms})


if __name__ == "__main__":
    sys.exit(cli.run("FringeFlat", __doc__, add_arguments, process))

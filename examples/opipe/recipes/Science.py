"""Science: reduces one raw science frame, (raw - bias) / flat.

    python3 -m opipe.recipes.Science [--bias FILE] [--flat FILE] [--seed N] [--output NAME] [RAW.fits]

Inputs: one raw science frame; --bias and --flat name the master bias and flat,
e.g. the products of Bias and MasterFlat (default: the synthetic camera's).
Pixels where the flat is not positive become 0. Without an input, a synthetic
science frame is made.
Product: sci_<raw stem>.fits (sci_synthetic.fits for a synthetic frame), BITPIX
-32, keeping the raw frame's header values, with cards BIASFILE and FLATFILE.
"""

import sys
from argparse import ArgumentParser, Namespace

from opipe import calib, cli, synth


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "one raw science frame")
    parser.add_argument("--bias", metavar="FILE", help="master bias (default: the synthetic bias level)")
    parser.add_argument("--flat", metavar="FILE", help="master flat (default: the synthetic camera's flat)")
    parser.add_argument("--output", type=cli.product_name, metavar="NAME",
                        help="file name of the product (default sci_<raw stem>.fits)")


def process(args: Namespace, run: cli.Run) -> None:
    paths = cli.inputs(args)
    raw, = run.images(args, "generating a synthetic science frame", lambda: [synth.science(args.seed)],
                      at_most=1, too_many="reduces one frame, got {n}; use Reduce for a list")
    bias = calib.bias_frame(args.bias, run.log)
    flat = calib.flat_frame(args.flat, run.log)
    run.log("subtracting bias, dividing by flat")
    reduced = calib.reduce(raw, bias, flat)
    name = args.output or calib.reduced_name(paths[0] if paths else "synthetic")
    run.write_image(name, reduced, {"BIASFILE": args.bias or "synthetic", "FLATFILE": args.flat or "synthetic"})


if __name__ == "__main__":
    sys.exit(cli.run("Science", __doc__, add_arguments, process))

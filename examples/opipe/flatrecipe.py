"""The recipe shape DomeFlat, TwilightFlat and NightSkyFlat share: debias, normalize, median-combine."""

from argparse import ArgumentParser, Namespace
from collections.abc import Callable

from opipe import calib, cli
from opipe.image import Image, robust_sigma


def add_arguments(parser: ArgumentParser, what: str, count: int, product: str) -> None:
    cli.add_inputs(parser, f"raw {what} frames")
    parser.add_argument("--bias", metavar="FILE",
                        help="master bias to subtract, e.g. Bias's product (default: the synthetic bias level)")
    parser.add_argument("--count", type=cli.positive_int, default=count,
                        help="number of synthetic frames when no inputs are given (default %(default)s)")
    cli.add_output(parser, product)


def process(args: Namespace, run: cli.Run, what: str, generate: Callable[[int, int], Image]) -> None:
    """Combines the input (or generated) frames into a flat of median 1 and writes it."""
    frames = run.images(args, f"generating {args.count} synthetic {what} frames",
                        lambda: [generate(args.seed, i) for i in range(args.count)])
    bias = calib.bias_frame(args.bias, run.log)
    run.log(f"combining {len(frames)} frames")
    flat = calib.combine_flats(frames, bias)
    run.log(f"flat pixel scatter {robust_sigma(flat.pixels):.4f}")
    run.write_image(args.output, flat, {"NCOMBINE": len(frames), "FLATTYPE": what})

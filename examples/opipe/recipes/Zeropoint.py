"""Zeropoint: derives the photometric zeropoint from a standard star of known magnitude.

    python3 -m opipe.recipes.Zeropoint [--bias FILE] [--flat FILE] [--x X --y Y] [--mag MAG]
        [--exptime S] [--radius R] [--seed N] [--output NAME] [STANDARD.fits]

The raw frame is bias-subtracted and flat-fielded; the star's flux is summed in a
circular aperture of --radius pixels (default 6) minus the median sky in an
annulus out to twice that radius. zeropoint = mag + 2.5 log10(flux / exptime),
the magnitude of a source giving 1 ADU per second.
Inputs: one raw standard-star frame; --bias and --flat name the master bias and
flat (default: the synthetic camera's). --x/--y give the star's 0-based pixel
position (default: the brightest source found); --mag its magnitude (default
that of the synthetic standard, 15); --exptime the exposure time (default the
frame's EXPTIME card). Without an input, a synthetic standard-star frame is made.
Product: zeropoint.json with zeropoint, flux (ADU), x, y, mag and exptime.
"""

import math
import sys
from argparse import ArgumentParser, Namespace

from opipe import calib, cli, sources, synth
from opipe.image import Image, median


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "one raw standard-star frame")
    parser.add_argument("--bias", metavar="FILE", help="master bias (default: the synthetic bias level)")
    parser.add_argument("--flat", metavar="FILE", help="master flat (default: the synthetic camera's flat)")
    parser.add_argument("--x", type=float, help="x of the standard star, 0-based pixels")
    parser.add_argument("--y", type=float, help="y of the standard star, 0-based pixels")
    parser.add_argument("--mag", type=float, default=synth.STANDARD_MAG,
                        help="magnitude of the standard star (default %(default)s)")
    parser.add_argument("--exptime", type=cli.positive_float, help="exposure time in seconds")
    parser.add_argument("--radius", type=cli.positive_float, default=6.0,
                        help="aperture radius in pixels (default %(default)s)")
    cli.add_output(parser, "zeropoint.json")


def process(args: Namespace, run: cli.Run) -> None:
    if (args.x is None) != (args.y is None):
        raise cli.UsageError("give both --x and --y, or neither")
    raw, = run.images(args, "generating a synthetic standard-star frame", lambda: [synth.standard(args.seed)],
                      at_most=1, too_many="needs one standard-star frame, got {n}")
    frame = calib.reduce(raw, calib.bias_frame(args.bias, run.log), calib.flat_frame(args.flat, run.log))
    x, y = star_position(args, frame)
    exptime = args.exptime or float(frame.header.get("EXPTIME") or 0)
    if exptime <= 0:
        raise ValueError("no exposure time: the frame has no EXPTIME card, give --exptime")
    flux = aperture_flux(frame, x, y, args.radius)
    if flux <= 0:
        raise ValueError(f"no positive flux at ({x:.1f}, {y:.1f})")
    zeropoint = args.mag + 2.5 * math.log10(flux / exptime)
    run.log(f"star at ({x:.2f}, {y:.2f}): flux {flux:.0f} ADU in {exptime:g} s, zeropoint {zeropoint:.3f}")
    run.write_values(args.output, {
        "zeropoint": round(zeropoint, 4), "flux": round(flux, 1), "x": round(x, 3), "y": round(y, 3),
        "mag": args.mag, "exptime": exptime,
    })


def star_position(args: Namespace, frame: Image) -> tuple[float, float]:
    if args.x is not None:
        return args.x, args.y
    found = sources.detect(frame, threshold=5.0, min_pixels=3)
    if not found:
        raise ValueError("no star found in the frame; give --x and --y")
    return found[0].x, found[0].y


def aperture_flux(frame: Image, x: float, y: float, radius: float) -> float:
    """Sum within `radius` of (x, y) minus the median sky between radius and 2 * radius."""
    inside, annulus = [], []
    for index, value in enumerate(frame.pixels):
        py, px = divmod(index, frame.width)
        distance = math.hypot(px - x, py - y)
        if distance <= radius:
            inside.append(value)
        elif distance <= 2 * radius:
            annulus.append(value)
    if not inside or not annulus:
        raise ValueError(f"aperture at ({x:.1f}, {y:.1f}) lies outside the frame")
    return sum(inside) - len(inside) * median(annulus)


if __name__ == "__main__":
    sys.exit(cli.run("Zeropoint", __doc__, add_arguments, process))

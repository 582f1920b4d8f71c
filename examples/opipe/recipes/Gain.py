"""Gain: measures the gain (electrons per ADU) from pairs of flats by photon transfer.

    python3 -m opipe.recipes.Gain [--bias FILE] [--read-noise ADU] [--seed N] [--output NAME] [A1.fits B1.fits A2.fits B2.fits ...]

Each pair of flats of one level gives a signal S (median, bias-subtracted) and a
variance V (half the variance of their difference, which cancels the flat
structure; pixels beyond 5 robust sigmas, such as cosmic rays, are left out). Photon noise makes V = S / gain + read_noise^2: with two or more
pairs the gain is 1 / slope of V against S; with one pair it is
S / (V - read_noise^2), using --read-noise (default 0).
Inputs: an even number of raw flats, taken as consecutive pairs; --bias names
the master bias (default: the synthetic bias level). Without inputs, three
synthetic pairs at 5000, 10000 and 20000 ADU are generated.
Product: gain.json with gain (e-/ADU) and the pairs' signal and variance.
"""

import statistics
import sys
from argparse import ArgumentParser, Namespace

from opipe import calib, cli, synth
from opipe.image import Image, median, robust_sigma, subtract

SYNTHETIC_LEVELS = (5000.0, 10000.0, 20000.0)


def add_arguments(parser: ArgumentParser) -> None:
    cli.add_inputs(parser, "raw flats, in pairs of equal level")
    parser.add_argument("--bias", metavar="FILE", help="master bias (default: the synthetic bias level)")
    parser.add_argument("--read-noise", type=float, default=0.0, metavar="ADU",
                        help="read noise, used only with a single pair (default %(default)s)")
    cli.add_output(parser, "gain.json")


def process(args: Namespace, run: cli.Run) -> None:
    paths = cli.inputs(args)
    if len(paths) % 2:
        raise cli.UsageError(f"needs flats in pairs, got {len(paths)} files")
    frames = run.images(args, f"generating {len(SYNTHETIC_LEVELS)} synthetic flat pairs",
                        lambda: [synth.dome_flat(args.seed, i, level) for level in SYNTHETIC_LEVELS for i in range(2)])
    bias = calib.bias_frame(args.bias, run.log)
    points = [transfer_point(frames[i], frames[i + 1], bias) for i in range(0, len(frames), 2)]
    for signal, variance in points:
        run.log(f"pair at {signal:.0f} ADU: variance {variance:.1f} ADU^2")
    gain = fitted_gain(points, args.read_noise)
    run.log(f"gain {gain:.3f} e-/ADU from {len(points)} pairs")
    run.write_values(args.output, {
        "gain": round(gain, 4),
        "unit": "e-/ADU",
        "pairs": [{"signal": round(s, 2), "variance": round(v, 3)} for s, v in points],
    })


def transfer_point(first: Image, second: Image, bias: Image) -> tuple[float, float]:
    """(signal, variance) of one pair of flats."""
    signal = (median(subtract(first, bias).pixels) + median(subtract(second, bias).pixels)) / 2
    return signal, clipped_variance(subtract(first, second).pixels) / 2


def clipped_variance(values: list[float]) -> float:
    """Variance of the values within 5 robust sigmas of their median."""
    # The robust sigma alone is too noisy an estimate for the photon transfer fit.
    centre, limit = median(values), 5 * robust_sigma(values)
    return statistics.pvariance([v for v in values if abs(v - centre) <= limit])


def fitted_gain(points: list[tuple[float, float]], read_noise: float) -> float:
    if len(points) == 1:
        signal, variance = points[0]
        photon_variance = variance - read_noise ** 2
    else:
        mean_s = sum(s for s, _ in points) / len(points)
        mean_v = sum(v for _, v in points) / len(points)
        spread = sum((s - mean_s) ** 2 for s, _ in points)
        if spread == 0:
            raise ValueError("all pairs have the same signal; photon transfer needs different levels")
        slope = sum((s - mean_s) * (v - mean_v) for s, v in points) / spread
        signal, photon_variance = 1.0, slope
    if photon_variance <= 0:
        raise ValueError("the variance does not grow with the signal; no gain can be derived")
    return signal / photon_variance


if __name__ == "__main__":
    sys.exit(cli.run("Gain", __doc__, add_arguments, process))

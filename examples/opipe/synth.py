"""Deterministic synthetic frames of a small imaginary camera.

Every generator takes a seed (and an index within a series of frames), so the
same arguments always give the same pixels. The constants are the truth that
recipes should recover; coordinates are 0-based pixel positions (x, y).
"""

import math
import random
from collections.abc import Sequence
from functools import lru_cache

from opipe.image import Image

WIDTH = 64
HEIGHT = 64
BIAS_LEVEL = 400.0  # ADU
READ_NOISE = 4.0  # ADU
GAIN = 2.0  # electrons per ADU
DARK_CURRENT = 2.0  # ADU per dark exposure
HOT_PIXELS = ((5, 7), (40, 12), (22, 50))
HOT_EXCESS = 3000.0  # ADU
COLD_PIXELS = ((10, 30), (50, 55), (33, 3))
COLD_RESPONSE = 0.3  # relative to a normal pixel
DOME_LEVEL = 20000.0  # ADU
TWILIGHT_LEVEL = 25000.0  # ADU in the first twilight exposure, fading after
SKY_LEVEL = 200.0  # ADU
ILLUMINATION_SLOPE = 0.04  # relative change of the sky across the frame in x
FRINGE_AMPLITUDE = 0.03  # relative to the sky
FRINGE_PERIOD = 10.0  # pixels
PSF_SIGMA = 1.5  # pixels
EXPTIME = 10.0  # seconds
Star = tuple[float, float, float]  # x, y, total flux in ADU
# The stars of the science field.
STARS: tuple[Star, ...] = ((16.0, 20.0, 20000.0), (45.3, 12.7, 12000.0), (30.6, 47.2, 30000.0), (52.4, 40.8, 8000.0))
STANDARD_POSITION = (32.0, 32.0)
STANDARD_MAG = 15.0
ZEROPOINT = 25.0  # magnitude giving 1 ADU per second


@lru_cache(maxsize=1)
def flat_pattern() -> tuple[float, ...]:
    """The camera's pixel response: a gradient, 1% pixel-to-pixel scatter and the cold pixels."""
    # A property of the camera, so the same whatever seed the frames use.
    rng = random.Random("opipe/camera")
    response = []
    for y in range(HEIGHT):
        for x in range(WIDTH):
            gradient = 1 + 0.08 * (x / (WIDTH - 1) - 0.5) - 0.05 * (y / (HEIGHT - 1) - 0.5)
            response.append(gradient * (1 + rng.gauss(0, 0.01)))
    for x, y in COLD_PIXELS:
        response[y * WIDTH + x] *= COLD_RESPONSE
    return tuple(response)


def master_bias() -> Image:
    """The noise-free bias the raw frames sit on."""
    return Image(WIDTH, HEIGHT, [BIAS_LEVEL] * (WIDTH * HEIGHT), {"IMAGETYP": "bias"})


def master_flat() -> Image:
    """The true flat field (the pixel response)."""
    return Image(WIDTH, HEIGHT, list(flat_pattern()), {"IMAGETYP": "flat"})


def bias(seed: int, index: int = 0) -> Image:
    return _raw("bias", seed, index, [0.0] * (WIDTH * HEIGHT), 0.0)


def dark(seed: int, index: int = 0) -> Image:
    """A dark exposure: bias, a little dark current and the hot pixels."""
    signal = [DARK_CURRENT] * (WIDTH * HEIGHT)
    for x, y in HOT_PIXELS:
        signal[y * WIDTH + x] += HOT_EXCESS
    return _raw("dark", seed, index, signal, EXPTIME)


def dome_flat(seed: int, index: int = 0, level: float = DOME_LEVEL) -> Image:
    return _raw("flat", seed, index, [level * p for p in flat_pattern()], 5.0, f"dome/{level}")


def twilight_flat(seed: int, index: int = 0) -> Image:
    """A twilight flat; the sky fades by 30% from one exposure to the next."""
    level = TWILIGHT_LEVEL * 0.7 ** index
    return _raw("flat", seed, index, [level * p for p in flat_pattern()], 2.0, "twilight")


def science(seed: int, index: int = 0, stars: Sequence[Star] = STARS) -> Image:
    """A raw science exposure: illuminated, fringed sky plus stars, through the pixel response."""
    light = [s + t for s, t in zip(_sky(), _starlight(stars))]
    signal = [v * p for v, p in zip(light, flat_pattern())]
    return _raw("object", seed, index, signal, EXPTIME)


def sky_frame(seed: int, index: int = 0) -> Image:
    """A science exposure of a sparse field at random positions, as used for night-sky flats."""
    rng = random.Random(f"opipe/field/{seed}/{index}")
    stars = [(rng.uniform(4, WIDTH - 5), rng.uniform(4, HEIGHT - 5), rng.uniform(3000, 20000)) for _ in range(6)]
    return science(seed, index + 1000, stars)


def standard(seed: int) -> Image:
    """An exposure of the standard star of magnitude STANDARD_MAG at STANDARD_POSITION."""
    flux = EXPTIME * 10 ** (0.4 * (ZEROPOINT - STANDARD_MAG))
    frame = science(seed, 2000, [(*STANDARD_POSITION, flux)])
    frame.header["OBJECT"] = "standard"
    return frame


def calibrated(raw: Image) -> Image:
    """A synthetic raw frame with the true bias subtracted and divided by the true flat."""
    pixels = [(v - BIAS_LEVEL) / p for v, p in zip(raw.pixels, flat_pattern())]
    return raw.like(pixels, raw.header)


def _raw(kind: str, seed: int, index: int, signal: list[float], exptime: float, variant: str = "") -> Image:
    """Bias + signal with photon and read noise, as the camera reads it out."""
    rng = random.Random(f"opipe/{kind}/{variant}/{seed}/{index}")
    pixels = [BIAS_LEVEL + s + rng.gauss(0, math.sqrt(max(s, 0) / GAIN + READ_NOISE ** 2)) for s in signal]
    return Image(WIDTH, HEIGHT, pixels, {"IMAGETYP": kind, "EXPTIME": exptime})


@lru_cache(maxsize=1)
def _sky() -> tuple[float, ...]:
    sky = []
    for y in range(HEIGHT):
        for x in range(WIDTH):
            illumination = 1 + ILLUMINATION_SLOPE * (x / (WIDTH - 1) - 0.5)
            phase = 2 * math.pi * (0.6 * x + 0.8 * y) / FRINGE_PERIOD
            sky.append(SKY_LEVEL * illumination * (1 + FRINGE_AMPLITUDE * math.sin(phase)))
    return tuple(sky)


def _starlight(stars: Sequence[Star]) -> list[float]:
    """Gaussian stars sampled at pixel centres, each summing to its flux."""
    light = [0.0] * (WIDTH * HEIGHT)
    norm = 1 / (2 * math.pi * PSF_SIGMA ** 2)
    reach = int(6 * PSF_SIGMA) + 1
    for sx, sy, flux in stars:
        for y in range(max(0, int(sy) - reach), min(HEIGHT, int(sy) + reach + 1)):
            for x in range(max(0, int(sx) - reach), min(WIDTH, int(sx) + reach + 1)):
                r2 = (x - sx) ** 2 + (y - sy) ** 2
                light[y * WIDTH + x] += flux * norm * math.exp(-r2 / (2 * PSF_SIGMA ** 2))
    return light

"""Calibration steps several recipes share: choosing the bias and flat, combining flats, reducing."""

from collections.abc import Callable
from pathlib import Path

from opipe import fits, synth
from opipe.image import Image, combine, divide, normalized, subtract


def bias_frame(path: str | None, log: Callable[[str], None]) -> Image:
    """The master bias at `path`, or the synthetic camera's true bias when no path is given."""
    if path:
        return fits.read(path)
    log(f"no --bias given, using the synthetic bias level {synth.BIAS_LEVEL:g}")
    return synth.master_bias()


def flat_frame(path: str | None, log: Callable[[str], None]) -> Image:
    """The master flat at `path`, or the synthetic camera's true flat when no path is given."""
    if path:
        return fits.read(path)
    log("no --flat given, using the synthetic camera's flat field")
    return synth.master_flat()


def combine_flats(frames: list[Image], bias: Image) -> Image:
    """Bias-subtracted, normalized frames median-combined into a flat of median 1."""
    flats = [normalized(subtract(frame, bias)) for frame in frames]
    return normalized(combine(flats, "median"))


def reduce(raw: Image, bias: Image, flat: Image) -> Image:
    """(raw - bias) / flat, keeping the raw frame's header values."""
    return divide(subtract(raw, bias), flat)


def reduced_name(raw_path: str) -> str:
    """Product name of a reduced frame: `sci_` and the raw file's stem."""
    return f"sci_{Path(raw_path).stem}.fits"

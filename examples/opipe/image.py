"""2-D images as flat pixel lists, and the pixel arithmetic the recipes share."""

import math
import statistics
from dataclasses import dataclass, field

# Scales the median absolute deviation to the standard deviation of a gaussian.
MAD_TO_SIGMA = 1.4826


@dataclass
class Image:
    """A width x height image, row-major (pixel x, y at index y * width + x), with header values."""

    width: int
    height: int
    pixels: list[float]
    header: dict[str, object] = field(default_factory=dict)

    def like(self, pixels: list[float], header: dict[str, object] | None = None) -> "Image":
        """A new image of the same shape holding `pixels`."""
        return Image(self.width, self.height, pixels, dict(header or {}))


def check_same_shape(images: list[Image]) -> None:
    """Raises ValueError unless all images have one shape."""
    shapes = {(image.width, image.height) for image in images}
    if len(shapes) > 1:
        listed = ", ".join(f"{w}x{h}" for w, h in sorted(shapes))
        raise ValueError(f"images differ in shape ({listed})")


def finite(values: list[float]) -> list[float]:
    """The values that are numbers: real camera files mark bad or unexposed pixels as NaN."""
    return [v for v in values if math.isfinite(v)]


def median(values: list[float]) -> float:
    """Median of the finite values (NaN pixels left out); NaN when there are none."""
    kept = finite(values)
    return statistics.median(kept) if kept else math.nan


def robust_sigma(values: list[float]) -> float:
    """Standard deviation estimated from the median absolute deviation, blind to a few outliers and to NaN."""
    centre = median(values)
    return MAD_TO_SIGMA * median([abs(v - centre) for v in values])


def combine(images: list[Image], method: str = "median") -> Image:
    """Pixel-by-pixel median or mean of images of one shape."""
    if not images:
        raise ValueError("nothing to combine")
    check_same_shape(images)
    stacks = zip(*(image.pixels for image in images))
    if method == "median":
        pixels = [median(list(stack)) for stack in stacks]
    elif method == "mean":
        pixels = [statistics.fmean(kept) if (kept := finite(list(stack))) else math.nan for stack in stacks]
    else:
        raise ValueError(f"unknown combine method {method!r}")
    return images[0].like(pixels)


def subtract(image: Image, other: Image) -> Image:
    check_same_shape([image, other])
    return image.like([a - b for a, b in zip(image.pixels, other.pixels)], image.header)


def divide(image: Image, divisor: Image) -> Image:
    """image / divisor; pixels where the divisor is not positive (dead in a flat) become 0."""
    check_same_shape([image, divisor])
    pixels = [a / b if b > 0 else 0.0 for a, b in zip(image.pixels, divisor.pixels)]
    return image.like(pixels, image.header)


def scaled(image: Image, factor: float) -> Image:
    return image.like([v * factor for v in image.pixels], image.header)


def normalized(image: Image) -> Image:
    """The image divided by its median, so a flat field has a typical value of 1."""
    level = median(image.pixels)
    if not level > 0:
        raise ValueError(f"cannot normalize an image with median {level:g}")
    return scaled(image, 1.0 / level)


def fit_plane(image: Image) -> tuple[float, float, float]:
    """Least-squares plane a + b*x + c*y through all pixels, returned as (a, b, c)."""
    # Normal equations of the three-parameter linear fit, solved by Cramer's rule.
    n = sx = sy = sxx = syy = sxy = sv = sxv = syv = 0.0
    for index, value in enumerate(image.pixels):
        if not math.isfinite(value):
            continue
        y, x = divmod(index, image.width)
        n += 1
        sx += x
        sy += y
        sxx += x * x
        syy += y * y
        sxy += x * y
        sv += value
        sxv += x * value
        syv += y * value
    matrix = [[n, sx, sy], [sx, sxx, sxy], [sy, sxy, syy]]
    rhs = [sv, sxv, syv]
    det = _det3(matrix)
    if det == 0:
        raise ValueError("cannot fit a plane to a one-pixel-wide image")
    coefficients = []
    for column in range(3):
        replaced = [row[:column] + [rhs[i]] + row[column + 1:] for i, row in enumerate(matrix)]
        coefficients.append(_det3(replaced) / det)
    return coefficients[0], coefficients[1], coefficients[2]


def plane(width: int, height: int, coefficients: tuple[float, float, float]) -> Image:
    """The image of the plane a + b*x + c*y."""
    a, b, c = coefficients
    pixels = [a + b * x + c * y for y in range(height) for x in range(width)]
    return Image(width, height, pixels)


def _det3(m: list[list[float]]) -> float:
    return (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))

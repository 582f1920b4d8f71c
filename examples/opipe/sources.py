"""Finding sources in reduced images, matching source lists, and source lists as CSV files.

Positions are 0-based pixel coordinates (x, y), fluxes in ADU above the sky.
"""

import csv
import math
from dataclasses import dataclass

from opipe.image import Image, median, robust_sigma

COLUMNS = ["id", "x", "y", "flux", "peak", "npix"]


@dataclass
class Source:
    id: int
    x: float
    y: float
    flux: float
    peak: float
    npix: int

    def row(self) -> list[object]:
        return [self.id, f"{self.x:.3f}", f"{self.y:.3f}", f"{self.flux:.1f}", f"{self.peak:.1f}", self.npix]


def sky_level(image: Image) -> tuple[float, float]:
    """Median and robust noise of the image, the sky where sources cover little of it."""
    return median(image.pixels), robust_sigma(image.pixels)


def detect(image: Image, threshold: float, min_pixels: int) -> list[Source]:
    """Groups of at least `min_pixels` 8-connected pixels `threshold` sigma above the sky,
    with flux-weighted centroids and isophotal fluxes, brightest first."""
    sky, sigma = sky_level(image)
    cut = sky + threshold * sigma
    above = {i for i, v in enumerate(image.pixels) if v > cut}
    sources = []
    while above:
        group = _grow(above.pop(), above, image.width, image.height)
        if len(group) < min_pixels:
            continue
        weights = [(i, image.pixels[i] - sky) for i in group]
        flux = sum(w for _, w in weights)
        x = sum((i % image.width) * w for i, w in weights) / flux
        y = sum((i // image.width) * w for i, w in weights) / flux
        sources.append(Source(0, x, y, flux, max(w for _, w in weights), len(group)))
    sources.sort(key=lambda s: -s.flux)
    for number, source in enumerate(sources, start=1):
        source.id = number
    return sources


def _grow(seed: int, above: set[int], width: int, height: int) -> list[int]:
    """The connected group of `seed`, removing its members from `above`."""
    group, todo = [seed], [seed]
    while todo:
        y, x = divmod(todo.pop(), width)
        for ny in (y - 1, y, y + 1):
            for nx in (x - 1, x, x + 1):
                neighbour = ny * width + nx
                if 0 <= nx < width and 0 <= ny < height and neighbour in above:
                    above.remove(neighbour)
                    group.append(neighbour)
                    todo.append(neighbour)
    return group


def associate(first: list[Source], second: list[Source], radius: float) -> list[tuple[Source, Source, float]]:
    """Pairs that are each other's nearest neighbour within `radius` pixels."""
    def nearest(source: Source, others: list[Source]) -> tuple[Source | None, float]:
        best, distance = None, math.inf
        for other in others:
            d = math.hypot(source.x - other.x, source.y - other.y)
            if d < distance:
                best, distance = other, d
        return best, distance

    pairs = []
    for a in first:
        b, distance = nearest(a, second)
        if b is not None and distance <= radius and nearest(b, first)[0] is a:
            pairs.append((a, b, distance))
    return pairs


def read_catalog(path: str) -> list[Source]:
    """A source list written by SourceList (`#` lines are provenance, then a CSV table)."""
    with open(path, newline="", encoding="utf-8") as stream:
        lines = [line for line in stream if not line.startswith("#")]
    reader = csv.DictReader(lines)
    missing = set(COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"{path}: not a source list, missing columns {', '.join(sorted(missing))}")
    return [Source(int(r["id"]), float(r["x"]), float(r["y"]), float(r["flux"]), float(r["peak"]), int(r["npix"]))
            for r in reader]

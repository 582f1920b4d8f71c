"""Writes synthetic raw frames to disk, to run the recipes by hand on files.

    python3 -m opipe.makeraw KIND [--count N] [--seed N] [--dir DIR]

KIND is one of bias, dark, dome, twilight, sky, science, standard; the frames are
written as DIR/KIND_1.fits, DIR/KIND_2.fits, ... (DIR defaults to `raw`).
"""

import argparse
from pathlib import Path

from opipe import fits, synth
from opipe.cli import DEFAULT_SEED, positive_int

GENERATORS = {
    "bias": synth.bias,
    "dark": synth.dark,
    "dome": synth.dome_flat,
    "twilight": synth.twilight_flat,
    "sky": synth.sky_frame,
    "science": synth.science,
    "standard": lambda seed, index: synth.standard(seed + index),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python3 -m opipe.makeraw", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=sorted(GENERATORS))
    parser.add_argument("--count", type=positive_int, default=1)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--dir", default="raw")
    args = parser.parse_args()
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    for index in range(args.count):
        path = directory / f"{args.kind}_{index + 1}.fits"
        fits.write(str(path), GENERATORS[args.kind](args.seed, index))
        print(f"makeraw: wrote {path}", flush=True)


if __name__ == "__main__":
    main()

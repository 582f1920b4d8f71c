"""Minimal FITS reading and writing: one primary HDU holding a 2-D image.

Enough of the standard (FITS 4.0) for the recipes' frames: 2880-byte blocks,
80-character header cards, big-endian data of BITPIX 8, 16, 32, -32 or -64 on
reading (with BSCALE/BZERO applied), and -32 (float) or 16 (int) on writing.
"""

import math
import sys
from array import array

from opipe.image import Image

BLOCK = 2880
CARD = 80
# BITPIX to array type codes; 'B' is unsigned as FITS demands for 8-bit data.
TYPECODES = {8: "B", 16: "h", 32: "i", -32: "f", -64: "d"}
WRITABLE_BITPIX = (-32, 16)
STRUCTURAL = {"SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND", "BSCALE", "BZERO", "END"}


class FitsError(ValueError):
    """The file is not a FITS image this module can read."""


def read(path: str) -> Image:
    """Reads the primary 2-D image of a FITS file, header values included."""
    with open(path, "rb") as stream:
        content = stream.read()
    header, data_start = _parse_header(content, path)
    bitpix = header.get("BITPIX")
    if bitpix not in TYPECODES:
        raise FitsError(f"{path}: unsupported BITPIX {bitpix!r}")
    if header.get("NAXIS") != 2:
        raise FitsError(f"{path}: expected a 2-D image, NAXIS is {header.get('NAXIS')!r}")
    width, height = header.get("NAXIS1"), header.get("NAXIS2")
    if not isinstance(width, int) or not isinstance(height, int) or width < 1 or height < 1:
        raise FitsError(f"{path}: bad image size NAXIS1={width!r} NAXIS2={height!r}")
    values = array(TYPECODES[bitpix])
    size = width * height * values.itemsize
    if len(content) < data_start + size:
        raise FitsError(f"{path}: truncated data ({len(content) - data_start} of {size} bytes)")
    values.frombytes(content[data_start:data_start + size])
    if sys.byteorder == "little":
        values.byteswap()
    scale, zero = float(header.get("BSCALE", 1.0)), float(header.get("BZERO", 0.0))
    pixels = [v * scale + zero for v in values]
    kept = {key: value for key, value in header.items() if key not in STRUCTURAL}
    return Image(width, height, pixels, kept)


def write(path: str, image: Image, bitpix: int = -32) -> None:
    """Writes the image as a primary HDU; header values become cards after the structural ones."""
    if bitpix not in WRITABLE_BITPIX:
        raise ValueError(f"can only write BITPIX {WRITABLE_BITPIX}, not {bitpix}")
    if len(image.pixels) != image.width * image.height:
        raise ValueError("pixel count does not match the image size")
    cards = [
        format_card("SIMPLE", True),
        format_card("BITPIX", bitpix),
        format_card("NAXIS", 2),
        format_card("NAXIS1", image.width),
        format_card("NAXIS2", image.height),
    ]
    cards += [format_card(key, value) for key, value in image.header.items() if key not in STRUCTURAL]
    cards.append("END".ljust(CARD))
    header = _padded("".join(cards).encode("ascii"), b" ")
    if bitpix == 16:
        values = array("h", [_to_int16(v) for v in image.pixels])
    else:
        values = array("f", image.pixels)
    if sys.byteorder == "little":
        values.byteswap()
    with open(path, "wb") as stream:
        stream.write(header + _padded(values.tobytes(), b"\0"))


def format_card(key: str, value: object) -> str:
    """One 80-character header card `KEY     = value`."""
    if not key or len(key) > 8 or not all(c.isascii() and (c.isupper() or c.isdigit() or c in "-_") for c in key):
        raise ValueError(f"invalid FITS keyword {key!r}")
    if isinstance(value, bool):
        text = ("T" if value else "F").rjust(20)
    elif isinstance(value, int):
        text = str(value).rjust(20)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{key}: FITS cannot hold {value}")
        number = f"{value:.12G}"
        if "." not in number and "E" not in number:
            number += "."
        text = number.rjust(20)
    else:
        text = _quoted(str(value))
    return f"{key:<8}= {text}"[:CARD].ljust(CARD)


def _quoted(value: str) -> str:
    # Header cards are ASCII only; a long value is cut rather than continued, which
    # suits the short labels recipes write.
    printable = "".join(c if " " <= c <= "~" else "?" for c in value)
    escaped = printable.replace("'", "''")[:68]
    if escaped.count("'") % 2:
        escaped = escaped[:-1]
    return "'" + escaped.ljust(8) + "'"


def _parse_header(content: bytes, path: str) -> tuple[dict[str, object], int]:
    first = content[:CARD].decode("ascii", errors="replace")
    if first[:8].strip() != "SIMPLE" or _value(first[10:]) is not True:
        raise FitsError(f"{path}: not a FITS file (no SIMPLE = T card)")
    header: dict[str, object] = {}
    offset = 0
    while offset + CARD <= len(content):
        card = content[offset:offset + CARD].decode("ascii", errors="replace")
        offset += CARD
        key = card[:8].strip()
        if key == "END":
            return header, -(-offset // BLOCK) * BLOCK
        if card[8:10] == "= ":
            header[key] = _value(card[10:])
    raise FitsError(f"{path}: header has no END card")


def _value(text: str) -> object:
    text = text.strip()
    if text.startswith("'"):
        chars, i = [], 1
        while i < len(text):
            if text[i] == "'":
                if text[i + 1:i + 2] != "'":
                    break
                i += 1
            chars.append(text[i])
            i += 1
        return "".join(chars).rstrip()
    token = text.split("/", 1)[0].strip()
    if token in ("T", "F"):
        return token == "T"
    try:
        return int(token)
    except ValueError:
        pass
    try:
        return float(token.replace("D", "E"))
    except ValueError:
        return token


def _to_int16(value: float) -> int:
    number = round(value)
    if not -32768 <= number <= 32767:
        raise ValueError(f"value {value} does not fit BITPIX 16")
    return number


def _padded(data: bytes, fill: bytes) -> bytes:
    return data + fill * (-len(data) % BLOCK)

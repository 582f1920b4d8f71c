"""Minimal FITS reading and writing of 2-D images.

Enough of the standard (FITS 4.0) for the recipes' frames and for real camera
files: 2880-byte blocks, 80-character header cards, multi-extension files (a
mosaic camera such as OmegaCAM writes an empty primary HDU and one image
extension per CCD), big-endian data of BITPIX 8, 16, 32, 64, -32 or -64 on
reading (BSCALE/BZERO applied, BLANK and non-finite values as NaN), and -32
(float) or 16 (int) on writing.

`read("file.fits")` reads the first HDU holding an image; `read("file.fits[3]")`
the HDU numbered 3 (0 is the primary), `read("file.fits[CCD_7]")` the
extension of that EXTNAME, as cfitsio and astropy users write it.
"""

import math
import re
import sys
from array import array

from opipe.image import Image

BLOCK = 2880
CARD = 80
# BITPIX to array type codes; 'B' is unsigned as FITS demands for 8-bit data.
TYPECODES = {8: "B", 16: "h", 32: "i", 64: "q", -32: "f", -64: "d"}
WRITABLE_BITPIX = (-32, 16)
STRUCTURAL = {"SIMPLE", "XTENSION", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND", "BSCALE", "BZERO", "BLANK",
              "PCOUNT", "GCOUNT", "END"}
SELECTOR = re.compile(r"^(?P<path>.*)\[(?P<hdu>[^\[\]]+)\]$")


class FitsError(ValueError):
    """The file is not a FITS image this module can read."""


def read(path: str) -> Image:
    """Reads a 2-D image of a FITS file (see the module's doc for which one), header values included."""
    selected = SELECTOR.match(path)
    file_path, wanted = (selected["path"], selected["hdu"]) if selected else (path, None)
    skipped: list[str] = []
    with open(file_path, "rb") as stream:
        index = 0
        while True:
            start = stream.tell()
            header = _read_header(stream, path, first=index == 0)
            if header is None:
                break
            data_bytes = _data_bytes(header)
            extname = str(header.get("EXTNAME", ""))
            if wanted is None or wanted == str(index) or (extname and wanted.upper() == extname.upper()):
                problem = _not_an_image(header)
                if problem is None:
                    return _read_image(stream, header, path)
                if wanted is not None:
                    raise FitsError(f"{path}: HDU {index} {problem}")
                if data_bytes > 0:
                    skipped.append(f"HDU {index} {problem}")
            stream.seek(stream.tell() + -(-data_bytes // BLOCK) * BLOCK)
            index += 1
            if stream.tell() <= start:
                break
    if wanted is not None:
        raise FitsError(f"{path}: no HDU {wanted!r} (the file has {index})")
    reasons = f": {'; '.join(skipped)}" if skipped else ""
    raise FitsError(f"{path}: no 2-D image in any of its {index} HDU{'s' if index != 1 else ''}{reasons}")


def _not_an_image(header: dict[str, object]) -> str | None:
    """Why an HDU is no 2-D image this module reads, or None when it is one."""
    if header.get("ZIMAGE") is True:
        return "is a tile-compressed image; decompress it first (funpack)"
    kind = header.get("XTENSION", "IMAGE")
    if str(kind).strip() != "IMAGE":
        return f"is a {str(kind).strip()} extension, not an image"
    naxis = header.get("NAXIS")
    if naxis == 0:
        return "holds no data (NAXIS is 0)"
    if naxis != 2 and not (isinstance(naxis, int) and naxis > 2 and all(header.get(f"NAXIS{i}") == 1 for i in range(3, naxis + 1))):
        return f"is not a 2-D image (NAXIS is {naxis!r})"
    return None


def _data_bytes(header: dict[str, object]) -> int:
    naxis = header.get("NAXIS", 0)
    if not isinstance(naxis, int) or naxis == 0:
        return 0
    elements = 1
    for i in range(1, naxis + 1):
        elements *= int(header.get(f"NAXIS{i}", 0))
    bitpix = header.get("BITPIX")
    if bitpix not in TYPECODES:
        raise FitsError(f"unsupported BITPIX {bitpix!r}")
    return abs(bitpix) // 8 * int(header.get("GCOUNT", 1)) * (int(header.get("PCOUNT", 0)) + elements)


def _read_image(stream, header: dict[str, object], path: str) -> Image:
    bitpix = header.get("BITPIX")
    if bitpix not in TYPECODES:
        raise FitsError(f"{path}: unsupported BITPIX {bitpix!r}")
    width, height = header.get("NAXIS1"), header.get("NAXIS2")
    if not isinstance(width, int) or not isinstance(height, int) or width < 1 or height < 1:
        raise FitsError(f"{path}: bad image size NAXIS1={width!r} NAXIS2={height!r}")
    values = array(TYPECODES[bitpix])
    size = width * height * values.itemsize
    data = stream.read(size)
    if len(data) < size:
        raise FitsError(f"{path}: truncated data ({len(data)} of {size} bytes)")
    values.frombytes(data)
    if sys.byteorder == "little":
        values.byteswap()
    scale, zero = float(header.get("BSCALE", 1.0)), float(header.get("BZERO", 0.0))
    blank = header.get("BLANK") if bitpix > 0 else None
    nan = float("nan")
    pixels = [nan if v == blank or not math.isfinite(v) else v * scale + zero for v in values]
    kept = {key: value for key, value in header.items() if key not in STRUCTURAL and not re.fullmatch(r"NAXIS\d+", key)}
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


def _read_header(stream, path: str, first: bool) -> dict[str, object] | None:
    """The next HDU's header, leaving the stream at its data; None at the end of the file."""
    header: dict[str, object] = {}
    blocks = 0
    while True:
        block = stream.read(BLOCK)
        if len(block) < BLOCK:
            if first and blocks == 0:
                raise FitsError(f"{path}: not a FITS file (shorter than one block)")
            if blocks == 0:
                return None
            raise FitsError(f"{path}: header has no END card")
        text = block.decode("ascii", errors="replace")
        if blocks == 0:
            key = text[:8].strip()
            if first and (key != "SIMPLE" or _value(text[10:CARD]) is not True):
                raise FitsError(f"{path}: not a FITS file (no SIMPLE = T card)")
            if not first and key != "XTENSION":
                return None
        blocks += 1
        for at in range(0, BLOCK, CARD):
            card = text[at:at + CARD]
            key = card[:8].strip()
            if key == "END":
                return header
            if card[8:10] == "= " and key not in header:
                header[key] = _value(card[10:])


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

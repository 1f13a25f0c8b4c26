"""How many pixels an image would take, read from its header: a 32 KB PNG can unpack to a gigabyte.

Pillow reads only the header on ``Image.open``; decoding comes later, and is what fills memory.
So every image we draw (a template's, an advice turned into a page) is measured here first, with
Pillow's own bomb warning silenced: the applicant gets a Dutch message, not a raw warning.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

MAX_MEGAPIXELS = 40  # per image; an A4 page scanned at 600 dpi is 35 megapixel
# What Pillow can read a header of; others (svg) are not pixels.
RASTER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".ico"})


def image_size(source: Path | bytes) -> tuple[int, int] | None:
    """Width and height from the header of an image file or its bytes; None when it is no image
    Pillow knows. Nothing is decoded and no warning printed."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(source if isinstance(source, Path) else io.BytesIO(source)) as image:
                return image.size
        except Image.DecompressionBombError:  # beyond twice Pillow's own limit: it will not say the size
            return (Image.MAX_IMAGE_PIXELS or 0) * 2 + 1, 1
        except Exception:  # not an image, or damaged: whoever decodes it says so
            return None


def too_many_pixels(source: Path | bytes) -> str | None:
    """``"12000 × 12000 pixels (144 megapixel, hoogstens 40)"`` for an image beyond the limit, else None."""
    size = image_size(source)
    if size is None or size[0] * size[1] <= MAX_MEGAPIXELS * 1_000_000:
        return None
    width, height = size
    if height == 1:  # only known to be beyond Pillow's limit
        return f"meer dan {width // 1_000_000} megapixel (hoogstens {MAX_MEGAPIXELS})"
    return f"{width} × {height} pixels ({width * height // 1_000_000} megapixel, hoogstens {MAX_MEGAPIXELS})"

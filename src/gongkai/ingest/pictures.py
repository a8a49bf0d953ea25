"""Pictures inside .docx files and web pages: a table pasted as an image, read by OCR.

The readers of those formats hand each picture's bytes to a :class:`PictureReader` where the
picture stands; its text comes back as the layout lines a scanned PDF page gives and is written
there, so a table shown as a picture is found in its section like any other. The reader counts
what it read and what it could not, for the record's warnings: without them a pictured table
would only show up as ``table_not_found``, with no hint why.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..document import Issue
from ..errors import Code, issue
from .ocr import LINE_BOX, light_share, ocr_engine, read_picture
from .pdf import layout_lines
from .resources import IngestData, load

log = logging.getLogger(__name__)

# Without Pillow (it comes with the OCR extra) a picture's size is unknown; one of this many bytes
# or more is counted as large enough to hold a table (a table screenshot is tens of kilobytes).
MIN_BYTES_UNDECODED = 20_000
SCREEN_DPI = 96  # pictures carry no reliable resolution; their pixels are read as screen pixels
UNDECODABLE = "in a format that cannot be decoded (EMF/WMF drawings, for one)"
NOT_AT_HAND = ("not at hand (on the web server, or missing from the page's folder; pictures are never "
               "fetched)")


@dataclass(frozen=True)
class Picture:
    """A decoded picture: RGB pixels, or only its size when it could not be decoded."""

    width: int
    height: int
    pixels: np.ndarray | None = None


def decode_picture(data: bytes, max_pixels: int) -> Picture | None:
    """The picture as RGB on white (transparency flattened), or None when its size cannot be read."""
    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            if width * height > max_pixels:
                return Picture(width, height)
            picture.load()
            if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
                rgba = picture.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
                return Picture(width, height, np.asarray(flat))
            return Picture(width, height, np.asarray(picture.convert("RGB")))
    except Image.DecompressionBombError:
        return None
    except (OSError, ValueError, SyntaxError, EOFError) as err:  # Pillow's errors for bad or vector data
        log.debug("picture not decoded: %s", err)
        try:
            with Image.open(io.BytesIO(data)) as picture:
                return Picture(*picture.size)
        except Exception:  # not even a header: not a picture at all
            return None


@dataclass
class PictureReader:
    """``reader(picture_bytes) -> layout lines``; the lines are empty for a picture not read.

    ``refusal`` says why OCR cannot run (None when it can); pictures are then counted, not read.
    """

    refusal: str | None
    threads: int = 0
    max_pictures: int = 60
    data: IngestData = field(default_factory=lambda: load())  # looked up when called: patchable
    read: int = 0  # pictures whose text was kept
    tried: int = 0
    not_read: Counter[str] = field(default_factory=Counter)  # reason -> pictures
    score_sum: float = 0.0
    chars: int = 0

    def __call__(self, picture_bytes: bytes) -> list[str]:
        picture = decode_picture(picture_bytes, self.data.picture_max_pixels)
        if picture is None:
            if self.refusal and len(picture_bytes) >= MIN_BYTES_UNDECODED:
                self.not_read[self.refusal] += 1
            return []
        if picture.width * picture.height < self.data.picture_min_pixels:
            return []
        if self.refusal:
            self.not_read[self.refusal] += 1
            return []
        if picture.pixels is None:
            too_big = picture.width * picture.height > self.data.picture_max_pixels
            self.not_read[f"over pictures.max_pixels = {self.data.picture_max_pixels}" if too_big
                          else UNDECODABLE] += 1
            return []
        if light_share(picture.pixels) < self.data.picture_min_light_share:
            log.debug("picture %dx%d is a photo: not read", picture.width, picture.height)
            return []
        if self.tried >= self.max_pictures:
            self.not_read[f"more than ingest.ocr_max_pages = {self.max_pictures}"] += 1
            return []
        self.tried += 1
        return self._ocr(picture.pixels)

    def may_hold_text(self, picture_bytes: bytes) -> bool:
        """Large enough and light enough to be read (decoded only; no OCR)."""
        picture = decode_picture(picture_bytes, self.data.picture_max_pixels)
        return (picture is not None and picture.pixels is not None
                and picture.width * picture.height >= self.data.picture_min_pixels
                and light_share(picture.pixels) >= self.data.picture_min_light_share)

    def missing(self, width: str | None, height: str | None) -> None:
        """A web page's picture that is not at hand (on the portal's server): counted unless its
        declared size is too small to hold a table."""
        size = [int(v) for v in (width, height) if v and v.strip().isdigit()]
        if len(size) == 2 and size[0] * size[1] < self.data.picture_min_pixels:
            return
        self.not_read[NOT_AT_HAND] += 1

    def _ocr(self, pixels: np.ndarray) -> list[str]:
        import cv2  # installed with rapidocr

        factor = 2 if min(pixels.shape[:2]) < self.data.picture_upscale_below else 1
        if factor > 1:
            pixels = cv2.resize(pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        page = read_picture(pixels, ocr_engine(self.threads), 72.0 / SCREEN_DPI / factor, self.data)
        if page is None:
            return []
        self.read += 1
        self.score_sum += page.score_sum
        self.chars += page.chars
        return layout_lines(page.words, self.data, LINE_BOX)

    def issues(self, path: str, stage: str) -> list[Issue]:
        """``pictures_read`` and one ``pictures_not_read`` per reason."""
        found: list[Issue] = []
        if self.read:
            found.append(issue(Code.PICTURES_READ, stage=stage, path=path, count=self.read,
                               confidence=f"{self.score_sum / max(1, self.chars):.2f}"))
        for reason, count in self.not_read.items():
            found.append(issue(Code.PICTURES_NOT_READ, stage=stage, path=path, count=count, reason=reason))
        return found

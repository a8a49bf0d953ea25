"""Scanned PDFs: page images read by OCR into the word boxes a text layer would give.

Optional (``pip install 'gongkai[ocr]'``): RapidOCR on ONNX Runtime, whose wheel
carries its detection and recognition models, so nothing is downloaded. The
engine returns a box per recognised character; they are regrouped into words
split at spaces and wide gaps, as ``pdf.page_words`` splits a text layer, after
the page's tilt is turned back, so the layout and table stages read a scan like
a text PDF. Speckled pages are median-filtered and sideways pages turned upright
first. The constants were set on simulated scans (``benchmarks/bench_ocr.py``).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pymupdf

from ..errors import Code, GongkaiError
from .pdf import Word, join_pages, layout_lines, open_pdf, page_chars, page_words, too_little_text
from .resources import IngestData, load

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OcrPage:
    words: list[Word]
    score_sum: float = 0.0  # the engine's line confidences summed over the characters kept
    chars: int = 0


def ocr_installed() -> bool:
    try:
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def ocr_engine(threads: int) -> Any:
    """One engine per process and thread count; loading the models takes a moment."""
    from rapidocr import RapidOCR

    params: dict[str, Any] = {
        # its warnings ("The text detection result is empty") would print once per blank page or picture
        "Global.log_level": "error",
        "Global.return_word_box": True,
        "Global.return_single_char_box": True,
        # A page at full size with a lower box threshold keeps thin digits (a lone 1) that the
        # defaults (2000 px, 0.5) lost: 28 of the fixture's 207 table cells.
        "Global.max_side_len": 4000,
        "Det.box_thresh": 0.3,
        # The per-line 180° classifier turned number-only boxes over: 9 read as 6, 699 as 669 (6 of
        # 12 simulated scans in benchmarks/eval_synthetic.py). Sideways pages are handled by read_page.
        "Global.use_cls": False,
    }
    if threads > 0:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
        params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return RapidOCR(params=params)


# Isolated dark pixels per pixel above which a page counts as speckled. Measured on simulated
# scans (benchmarks/bench_ocr.py): clean or JPEG pages at most 6e-5, 0.2% flipped pixels 9e-4.
# Only speckled pages are median-filtered: the filter also thins strokes, and cost clean scans
# 8 of 600 table cells (thin 1s).
SPECKLE = 3e-4


def speckle(gray: np.ndarray) -> float:
    """Fraction of pixels that are dark with no dark neighbour: scanner noise, not text."""
    import cv2  # installed with rapidocr

    dark = (gray < 128).astype(np.uint8)
    neighbours = cv2.boxFilter(dark, -1, (3, 3), normalize=False, borderType=cv2.BORDER_CONSTANT)
    return float(((dark == 1) & (neighbours == 1)).mean())


def despeckled(image: np.ndarray) -> np.ndarray:
    """A speckled RGB image through a 3x3 median filter; any other image as it is."""
    import cv2

    if speckle(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)) > SPECKLE:
        log.debug("speckled image, median-filtered before OCR")
        return cv2.medianBlur(image, 3)
    return image


LIGHT = 180  # grey level from which a pixel counts as background


def light_share(pixels: np.ndarray) -> float:
    """Share of light pixels (grey >= LIGHT), on at most about 250,000 of them."""
    step = max(1, int((pixels.shape[0] * pixels.shape[1] / 250_000) ** 0.5))
    sample = pixels[::step, ::step].astype(np.float32)
    grey = sample @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return float((grey >= LIGHT).mean())


def page_image(page: pymupdf.Page, dpi: int) -> np.ndarray:
    """The page rendered as an RGB array, despeckled."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    return despeckled(np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3))


# The detector pads each text box (its "unclip" step) to about 1.4 times the glyph height; boxes cut back
# to the glyphs keep a label centred between two table rows from joining both, as in a text layer.
GLYPH_HEIGHT = 0.7
# A text layer's line box is about this much taller than the trimmed OCR boxes (13.2 against 9.3
# points for the same 11-point line of a synthetic report); layout spaces are counted in its units.
LINE_BOX = 1.4
MIN_TILT = np.radians(0.1)  # below this a page is read as level
# A box under this share of the page's median line height is a speck read as text (a stray "1" in a
# table header once took the place of the 总计 row), not a character of the page's type.
MIN_TEXT_HEIGHT = 0.4
BOTTOM_MARGIN = 0.9  # share of the page height below which a lone number is a page number


def page_angle(boxes: Any) -> float:
    """The page's tilt in radians: the median slope of the top edges of long text boxes."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1) = np.asarray(box, dtype=float).reshape(-1, 2)[:2]
        height = float(np.ptp(np.asarray(box, dtype=float).reshape(-1, 2)[:, 1]))
        if x1 - x0 > 4 * max(1.0, height - abs(y1 - y0)):
            slopes.append(np.arctan2(y1 - y0, x1 - x0))
    return float(np.median(slopes)) if len(slopes) >= 3 else 0.0


def _upright(points: Any, angle: float) -> np.ndarray:
    """Box corners turned back by the page's tilt, so rows of a tilted scan are level again."""
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    if not angle:
        return xy
    cos, sin = np.cos(-angle), np.sin(-angle)
    return xy @ np.array([[cos, sin], [-sin, cos]])


def _char_box(points: Any, scale: float, angle: float = 0.0) -> tuple[float, float, float, float]:
    xy = _upright(points, angle) * scale
    y0, y1 = float(xy[:, 1].min()), float(xy[:, 1].max())
    middle, half = (y0 + y1) / 2, (y1 - y0) * GLYPH_HEIGHT / 2
    return float(xy[:, 0].min()), middle - half, float(xy[:, 0].max()), middle + half


def line_words(chars: list[tuple[str, tuple[float, float, float, float]]], line: int,
               split_gap: float) -> list[Word]:
    """One recognised line as words, split where the gap exceeds ``split_gap`` x height (a column).

    A space the engine read stays inside the word: its character boxes are too loose to tell a
    space from a column gap, and a sentence like 政策文件 1305 条 must not become three columns.
    """
    words: list[Word] = []
    text = ""
    box: tuple[float, float, float, float] | None = None
    last_x1: float | None = None
    for piece, (x0, y0, x1, y1) in chars:
        # The engine may hand a run of Latin letters or digits as one piece; its box spans it.
        if not piece.strip():
            text += " " if text and not text.endswith(" ") else ""
            continue
        if last_x1 is not None and x0 - last_x1 > split_gap * max(0.1, y1 - y0) and box is not None:
            words.append(Word(*box, text.strip(), line, 0, len(words), bool(words)))
            text, box = "", None
        last_x1 = x1
        box = (x0, y0, x1, y1) if box is None else (min(box[0], x0), min(box[1], y0),
                                                    max(box[2], x1), max(box[3], y1))
        text += piece.strip()
    if text.strip() and box is not None:
        words.append(Word(*box, text.strip(), line, 0, len(words), bool(words)))
    return words


def _line_chars(text: str, word_result: Any, line_box: Any, scale: float, angle: float
                ) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Characters of one line with their boxes; the line's box when the engine gave none."""
    pieces = [(w[0], w[2]) for w in (word_result or ()) if w and len(w) >= 3 and w[2] is not None]
    if pieces and "".join(p for p, _ in pieces).replace(" ", "") == text.replace(" ", ""):
        return [(piece, _char_box(points, scale, angle)) for piece, points in pieces]
    return [(text, _char_box(line_box, scale, angle))]


def vertical_words(text: str, box: tuple[float, float, float, float], line: int) -> list[Word]:
    """A column of text (a merged cell's label set one character per line) as one word per character,
    stacked down the box, as a text layer places them."""
    chars = [c for c in text if not c.isspace()]
    x0, y0, x1, y1 = box
    step = (y1 - y0) / len(chars)
    return [Word(x0, y0 + i * step, x1, y0 + (i + 1) * step, c, line, i, 0) for i, c in enumerate(chars)]


_FOLIO = re.compile(r"[\s\-—–－]*\d{1,4}[\s\-—–－]*")


def _page_number(text: str, n: int, boxes: list[tuple[float, float, float, float]], page_height: float) -> bool:
    """A number alone on its row in the bottom margin: the folio, whose dashes OCR may not see, so the
    text-layer rule (a whole line like "- 1 -") would miss it and a table could take the "1" for a row.
    A table row low on the page has other boxes beside its numbers."""
    x0, y0, x1, y1 = boxes[n]
    if y0 < BOTTOM_MARGIN * page_height or _FOLIO.fullmatch(text) is None:
        return False
    return not any(m != n and min(y1, b[3]) - max(y0, b[1]) > 0 for m, b in enumerate(boxes))


def _is_vertical(box: tuple[float, float, float, float], text: str, line_height: float) -> bool:
    x0, y0, x1, y1 = box
    return len(text.strip()) > 1 and y1 - y0 > 1.8 * line_height and y1 - y0 > 1.5 * (x1 - x0)


def _sideways(result: Any) -> bool:
    """Most text boxes of three or more characters stand upright: the page was scanned turned by 90°."""
    if result.txts is None or result.boxes is None:
        return False
    upright = total = 0
    for text, box in zip(result.txts, result.boxes):
        if len(text.strip()) < 3:
            continue
        xy = np.asarray(box, dtype=float).reshape(-1, 2)
        total += 1
        upright += np.ptp(xy[:, 1]) > 1.5 * np.ptp(xy[:, 0])
    return total > 0 and upright >= 0.6 * total


def _recognised(result: Any) -> float:
    """Characters read, weighted by confidence: which of several turns of a page reads best."""
    if result.txts is None:
        return 0.0
    return float(sum(score * len(text.strip()) for text, score in zip(result.txts, result.scores)))


# A page is read again upside down when its mean character confidence or its share of Chinese
# characters is below these. Measured on simulated scans: upright pages 0.977-1.0 and 0.61-0.86;
# pages turned 180° 0.67-0.92 and 0.14-0.63 (a table page of digits reads plausibly upside down,
# but its labels do not). A page that reads better upright keeps its first reading.
UPSIDE_DOWN_CONFIDENCE = 0.95
UPSIDE_DOWN_CHINESE = 0.4


def _mean_confidence(result: Any) -> float:
    chars = sum(len(text.strip()) for text in result.txts) if result.txts else 0
    return _recognised(result) / chars if chars else 1.0


def _chinese_share(result: Any) -> float:
    text = "".join(t.strip() for t in result.txts) if result.txts else ""
    return sum("\u4e00" <= c <= "\u9fff" for c in text) / len(text) if text else 1.0


def _maybe_upside_down(result: Any) -> bool:
    return (_mean_confidence(result) < UPSIDE_DOWN_CONFIDENCE
            or _chinese_share(result) < UPSIDE_DOWN_CHINESE)


def read_picture(pixels: np.ndarray, engine: Any, scale: float, data: IngestData) -> OcrPage | None:
    """A picture's words (a table pasted as an image), despeckled first; None when OCR reads fewer
    than ``pictures.min_chars`` characters on it (a seal, a banner)."""
    read = read_image(despeckled(pixels), engine, scale, data.ocr_split_gap)
    if read.chars < data.picture_min_chars:
        log.debug("picture with %d characters read: not kept", read.chars)
        return None
    return read


def read_page(page: pymupdf.Page, engine: Any, dpi: int, split_gap: float) -> OcrPage:
    """Words of one scanned page in PDF points, with the engine's per-line confidences."""
    return read_image(page_image(page, dpi), engine, 72.0 / dpi, split_gap)


def read_image(image: np.ndarray, engine: Any, scale: float, split_gap: float) -> OcrPage:
    """Words of one RGB image, in pixels times ``scale``, with the engine's per-line confidences.

    An image scanned sideways (a landscape table) is read again turned both ways and the best
    reading kept; its words then lie in the turned image's frame, which is all the layout needs.
    An image read with low confidence or few Chinese characters is read again upside down, and kept
    that way if it reads better.
    """
    result = engine(image)
    height = image.shape[0]
    if _sideways(result):
        # Without the per-line 180° correction (off in ocr_engine) only the upright turn reads well;
        # with it, the upside-down turn read as well line by line, but in reverse order.
        turns = [engine(np.ascontiguousarray(np.rot90(image, k))) for k in (1, 3)]
        best = max(turns, key=_recognised)
        if _recognised(best) >= _recognised(result):
            result, height = best, image.shape[1]
    elif _maybe_upside_down(result):
        turned = engine(np.ascontiguousarray(np.rot90(image, 2)))
        if _recognised(turned) > _recognised(result):
            result = turned
    if result.txts is None or result.boxes is None:
        return OcrPage([])
    angle = page_angle(result.boxes)
    if abs(angle) < MIN_TILT:
        angle = 0.0
    boxes = [_char_box(box, scale, angle) for box in result.boxes]
    line_height = float(np.median([y1 - y0 for _, y0, _, y1 in boxes]))
    words: list[Word] = []
    score_sum, chars = 0.0, 0
    word_results = result.word_results if len(result.word_results) == len(result.txts) else [None] * len(result.txts)
    for n, (text, score, box, word_result) in enumerate(zip(result.txts, result.scores, result.boxes, word_results)):
        if (not text.strip() or boxes[n][3] - boxes[n][1] < MIN_TEXT_HEIGHT * line_height
                or _page_number(text, n, boxes, height * scale)):
            continue
        if _is_vertical(boxes[n], text, line_height):
            words.extend(vertical_words(text, boxes[n], n))
        else:
            words.extend(line_words(_line_chars(text, word_result, box, scale, angle), n, split_gap))
        kept = len(text.replace(" ", ""))
        score_sum, chars = score_sum + float(score) * kept, chars + kept
    return OcrPage(words, score_sum, chars)


@dataclass(frozen=True)
class ScannedText:
    text: str
    pages: int  # in the file
    ocr_pages: int  # of them read by OCR
    mean_confidence: float
    skipped_pages: int = 0  # page images left unread: more than ingest.ocr_max_pages
    ocr_lines: tuple[tuple[int, int], ...] = ()  # lines of ``text`` read by OCR, 1-based, inclusive
    pictures: int = 0  # pictures on pages with a text layer whose text was read by OCR


# A page with too little text-layer text is read by OCR only if images cover this share of it:
# a blank page or one with a seal is left alone, a scanned page or a table pasted as a picture is read.
MIN_IMAGE_SHARE = 0.25


def image_share(page: pymupdf.Page) -> float:
    """Share of the page covered by images (overlaps counted twice, capped at 1)."""
    area = abs(page.rect)
    if not area:
        return 0.0
    covered = sum(abs(pymupdf.Rect(info["bbox"]) & page.rect) for info in page.get_image_info())
    return min(1.0, covered / area)


def read_pdf_with_ocr(data: bytes, path: str, dpi: int, threads: int, min_chars_per_page: int,
                      max_pages: int) -> ScannedText:
    """The text layer of every page; pages without one but covered by an image are read by OCR.

    This covers wholly scanned files and text PDFs with a scanned page (often a table) inside.
    """
    ingest = load()
    document = open_pdf(data, path)
    try:
        words = [page_words(page, ingest.pdf_split_gap) for page in document]
        pages = [layout_lines(page, ingest) for page in words]
        thin = [n for n, lines in enumerate(pages)
                if page_chars(lines) < min_chars_per_page and image_share(document[n]) >= MIN_IMAGE_SHARE]
        skipped = 0
        if len(thin) > max_pages:
            if too_little_text(pages, min_chars_per_page):
                raise GongkaiError(Code.NO_TEXT_LAYER, path=path, pages=len(pages),
                                   remedy=f"{len(thin)} page images exceed ingest.ocr_max_pages = {max_pages} for OCR")
            skipped, thin = len(thin), []  # the text layer stands; the caller says what was left unread
        score_sum, chars = 0.0, 0
        local: dict[int, list[tuple[int, int]]] = {}
        for n in thin:
            read = read_page(document[n], ocr_engine(threads), dpi, ingest.ocr_split_gap)
            pages[n] = layout_lines(read.words, ingest, LINE_BOX)
            local[n] = [(0, len(pages[n]))]
            score_sum, chars = score_sum + read.score_sum, chars + read.chars
        budget = [0 if skipped else max_pages - len(thin)]  # pictures count against the same limit
        pictures = 0
        for n in (n for n in range(len(pages)) if n not in local and image_share(document[n]) > 0):
            found = lines_with_pictures(document[n], words[n], threads, dpi, budget)
            if found is not None:
                pages[n], local[n], read = found
                pictures += len(local[n])
                score_sum, chars = score_sum + read.score_sum, chars + read.chars
    except GongkaiError:
        raise
    except Exception as err:
        raise GongkaiError(Code.UNREADABLE, path=path, format="pdf", reason=f"{type(err).__name__}: {err}") from err
    finally:
        document.close()
    if too_little_text(pages, min_chars_per_page):
        remedy = "OCR found no text either" if thin else "no page image to read by OCR either"
        raise GongkaiError(Code.NO_TEXT_LAYER, path=path, pages=len(pages), remedy=remedy)
    if thin:
        log.info("%s: %d of %d pages read by OCR", path, len(thin), len(pages))
    return ScannedText(join_pages(pages), len(pages), len(thin), score_sum / chars if chars else 0.0, skipped,
                       page_line_ranges(pages, local), pictures)


def page_line_ranges(pages: list[list[str]], local: dict[int, list[tuple[int, int]]]
                     ) -> tuple[tuple[int, int], ...]:
    """Lines of the joined text (1-based, inclusive) from ranges within pages (``local``: page ->
    [(first index, end index exclusive)])."""
    ranges, first = [], 1
    for n, lines in enumerate(pages):
        for start, end in local.get(n, ()):
            if end > start:
                ranges.append((first + start, first + end - 1))
        first += len(lines)
    return tuple(ranges)


# A picture on a page that has a text layer (a table pasted as an image into a Word report) is read
# when it covers this share of the page and no text of the layer lies on it (a scan that carries its
# own invisible text is left to that text).
MIN_PICTURE_SHARE = 0.08
MAX_TEXT_ON_PICTURE = 10  # characters


def picture_boxes(page: pymupdf.Page, words: list[Word]) -> list[pymupdf.Rect]:
    """Page areas of pictures that may hold a table, top to bottom."""
    boxes: list[pymupdf.Rect] = []
    for info in page.get_image_info():
        box = pymupdf.Rect(info["bbox"]) & page.rect
        if box.is_empty or abs(box) < MIN_PICTURE_SHARE * abs(page.rect) or any(box in b for b in boxes):
            continue
        on_it = sum(len(w.text) for w in words if box.contains(pymupdf.Point((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2)))
        if on_it < MAX_TEXT_ON_PICTURE:
            boxes.append(box)
    return sorted(boxes, key=lambda b: b.y0)


def read_picture_box(page: pymupdf.Page, box: pymupdf.Rect, engine: Any, dpi: int, data: IngestData
                     ) -> OcrPage | None:
    """OCR words of one picture's area of the page, rendered at ``dpi``, in page coordinates; None for
    a photo (under ``pictures.min_light_share`` light pixels) or a picture with too little text.

    Reading the image's own pixels instead (a small one enlarged twice) gave more cells from
    72-dpi pictures (400 of 600 against 317) but 5 wrong ones against none, so the page is rendered.
    """
    pix = page.get_pixmap(dpi=dpi, clip=box, colorspace=pymupdf.csRGB, alpha=False)
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    if light_share(pixels) < data.picture_min_light_share:
        return None
    read = read_picture(pixels, engine, 72.0 / dpi, data)
    if read is None:
        return None
    words = [Word(w.x0 + box.x0, w.y0 + box.y0, w.x1 + box.x0, w.y1 + box.y0, w.text, w.block, w.line, w.number,
                  w.after_gap) for w in read.words]
    return OcrPage(words, read.score_sum, read.chars)


def lines_with_pictures(page: pymupdf.Page, words: list[Word], threads: int, dpi: int, budget: list[int]
                        ) -> tuple[list[str], list[tuple[int, int]], OcrPage] | None:
    """A text page's lines (``words``: its text layer) with each picture's OCR lines where the picture
    stands, the ranges of those lines, and what OCR read; None when the page has no picture to read.
    ``budget`` is the pictures still allowed (one shared counter)."""
    data = load()
    boxes = picture_boxes(page, words)
    if not boxes or budget[0] <= 0:
        return None
    lines: list[str] = []
    ranges: list[tuple[int, int]] = []
    score_sum, chars, read_words = 0.0, 0, []
    rest = words
    for box in boxes:
        if budget[0] <= 0:
            break
        budget[0] -= 1
        read = read_picture_box(page, box, ocr_engine(threads), dpi, data)
        if read is None:
            continue
        above = [w for w in rest if (w.y0 + w.y1) / 2 < box.y0]
        rest = [w for w in rest if (w.y0 + w.y1) / 2 >= box.y0]
        lines += layout_lines(above, data)
        picture_lines = layout_lines(read.words, data, LINE_BOX)
        ranges.append((len(lines), len(lines) + len(picture_lines)))
        lines += picture_lines
        score_sum, chars, read_words = score_sum + read.score_sum, chars + read.chars, read_words + read.words
    if not ranges:
        return None
    return lines + layout_lines(rest, data), ranges, OcrPage(read_words, score_sum, chars)

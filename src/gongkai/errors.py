"""Issue codes, defined once: each has a message template and a severity.

Severity decides the record status: ``error`` (nothing usable), ``partial``
(some stage could not finish) or ``warning`` (record stays ``ok``).
Stages add ``Issue`` objects via :func:`issue`; they raise :class:`GongkaiError`
only when they cannot go on, and the pipeline turns that into an error record.
"""

from __future__ import annotations

import enum
import string
from typing import Any

from .document import Issue


class Code(enum.StrEnum):
    # The values are the strings of the output record.
    UNREADABLE = "unreadable"
    UNSUPPORTED_FORMAT = "unsupported_format"
    ENCRYPTED = "encrypted"
    NO_TEXT_LAYER = "no_text_layer"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    EMPTY_DOCUMENT = "empty_document"
    WRONG_EXTENSION = "wrong_extension"
    ENCODING_UNCERTAIN = "encoding_uncertain"
    CONVERTER_MISSING = "converter_missing"
    WORKER_CRASHED = "worker_crashed"
    MEMORY_EXCEEDED = "memory_exceeded"
    NOT_A_REPORT = "not_a_report"
    SECTION_MISSING = "section_missing"
    TABLE_NOT_FOUND = "table_not_found"
    UNKNOWN_ROW_LABEL = "unknown_row_label"
    AMBIGUOUS_CELLS = "ambiguous_cells"
    ROW_MISSING = "row_missing"
    LABEL_MAP_MISMATCH = "label_map_mismatch"
    MODEL_NOT_FOUND = "model_not_found"
    ENSEMBLE_MISMATCH = "ensemble_mismatch"
    STAGE_FAILED = "stage_failed"
    BAD_RESOURCE = "bad_resource"
    CELL_COUNT_MISMATCH = "cell_count_mismatch"
    OCR_USED = "ocr_used"
    OCR_SKIPPED = "ocr_skipped"
    PICTURES_READ = "pictures_read"
    PICTURES_NOT_READ = "pictures_not_read"


# code -> (severity, template); templates name their fields with {braces}.
MESSAGES: dict[Code, tuple[str, str]] = {
    Code.UNREADABLE: ("error", "{path}: cannot be read as a {format} file ({reason})."),
    Code.UNSUPPORTED_FORMAT: ("error", "{path}: format '{format}' is not supported; expected txt, md, docx, doc, html or pdf."),
    Code.ENCRYPTED: ("error", "{path}: the file is encrypted or password-protected."),
    Code.NO_TEXT_LAYER: ("error", "{path}: the PDF has no text layer ({pages} pages, scanned?); {remedy}."),
    Code.OCR_USED: ("warning", "{path}: {ocr_pages} of {pages} pages had no text layer and were read by OCR at "
                               "{dpi} dpi (mean character confidence {confidence}); numbers may be misread, "
                               "check them against the scan."),
    Code.OCR_SKIPPED: ("warning", "{path}: {count} pages without a text layer were not read: more than "
                                  "ingest.ocr_max_pages = {limit}."),
    Code.PICTURES_READ: ("warning", "{path}: {count} picture(s) were read by OCR (mean character confidence "
                                    "{confidence}) and their text placed where each stands; numbers may be "
                                    "misread, check them against the pictures."),
    Code.PICTURES_NOT_READ: ("warning", "{path}: {count} picture(s) that may hold a table were not read: "
                                        "{reason}; a table given only as a picture is missing from this record."),
    Code.TOO_LARGE: ("error", "{path}: {size} bytes exceeds the limit of {limit} bytes."),
    Code.TIMEOUT: ("error", "{path}: analysis did not finish within {seconds} s."),
    Code.EMPTY_DOCUMENT: ("error", "{path}: the document contains no text."),
    Code.WRONG_EXTENSION: ("warning", "{path}: extension says '{extension}' but the content is '{format}'; read as {format}."),
    Code.ENCODING_UNCERTAIN: ("warning", "{path}: encoding detected as {encoding} with low confidence."),
    Code.CONVERTER_MISSING: ("error", "{path}: reading .{format} needs {tool}, which is not installed."),
    Code.WORKER_CRASHED: ("error", "{path}: the worker process died ({reason})."),
    Code.MEMORY_EXCEEDED: ("error", "{path}: analysis exceeded the memory cap of {limit} bytes."),
    Code.NOT_A_REPORT: ("partial", "{path}: no section of a government information disclosure annual report was found."),
    Code.SECTION_MISSING: ("warning", "section '{section}' was not found."),
    Code.TABLE_NOT_FOUND: ("partial", "table '{table}' was not found."),
    Code.UNKNOWN_ROW_LABEL: ("warning", "table '{table}': row label '{label}' (line {line}) matches no schema row."),
    Code.AMBIGUOUS_CELLS: ("warning", "table '{table}' row '{row}': run-together digits '{raw}' split {count} ways that all satisfy the arithmetic; cells left null."),
    Code.ROW_MISSING: ("warning", "table '{table}': row '{row}' was not found."),
    Code.LABEL_MAP_MISMATCH: ("error", "model at {model}: labels {model_labels} differ from labels.json {expected}."),
    Code.MODEL_NOT_FOUND: ("error", "no model folder at {model}."),
    Code.ENSEMBLE_MISMATCH: ("error", "model at {model}: ensemble member {member} {reason}; members must share "
                                      "labels, vocabulary, section_context.json and rule_hints.json."),
    Code.STAGE_FAILED: ("partial", "stage '{stage}' failed: {reason}."),
    Code.BAD_RESOURCE: ("error", "resource {file}, entry {entry}: {reason}."),
    Code.CELL_COUNT_MISMATCH: ("warning", "table '{table}' row '{row}' (line {line}): {found} cells where {expected} were expected; cells left null."),
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def template_fields(code: Code) -> set[str]:
    return _fields(MESSAGES[code][1])


def severity(code: Code | str) -> str:
    return MESSAGES[Code(code)][0]


def message(code: Code | str, **context: Any) -> str:
    """The filled template, prefixed with the code: ``[too_large] …``."""
    code = Code(code)
    text = MESSAGES[code][1].format_map(_Lenient(context))
    return f"[{code.value}] {text}"


def issue(code: Code | str, stage: str | None = None, start: int | None = None,
          end: int | None = None, severity_override: str | None = None,
          **context: Any) -> Issue:
    code = Code(code)
    if stage is not None:
        context.setdefault("stage", stage)
    return Issue(code=code.value, message=message(code, **context),
                 severity=severity_override or severity(code), stage=stage,
                 start=start, end=end)


class GongkaiError(Exception):
    """A stage cannot go on; the pipeline turns this into an error record."""

    def __init__(self, code: Code | str, **context: Any):
        self.code = Code(code)
        self.context = context
        super().__init__(message(self.code, **context))

    def to_issue(self, stage: str | None = None) -> Issue:
        return issue(self.code, stage=stage, **self.context)


class _Lenient(dict):
    """Missing template fields render as '?' rather than raising mid-batch."""

    def __missing__(self, key: str) -> str:
        return "?"

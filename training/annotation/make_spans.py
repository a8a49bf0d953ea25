"""Freeze candidate clauses of every split report as offsets (no text) for annotation.

The clause splitter will change; annotations must not move with it, so the
spans are written once and annotators label these exact offsets.
Run: ``python training/annotation/make_spans.py`` (refuses to overwrite unless --force).
"""

from __future__ import annotations

import argparse
import logging

from common import ANNOTATIONS, read_jsonl, read_text, report_key, sha256, split_docs, text_path, write_jsonl

from gongkai.segment.clauses import split_clauses

log = logging.getLogger(__name__)


def spans_for(doc: str, text: str) -> list[dict]:
    digest = sha256(text)
    return [{"doc": doc, "text_sha256": digest, "start": s, "end": e, "clause_sha256": sha256(text[s:e])}
            for s, e in split_clauses(text)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="overwrite existing span files")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for doc, split in split_docs():
        path = ANNOTATIONS / "spans" / f"{report_key(doc)}.jsonl"
        if not text_path(doc).exists():
            # texts beside ../shared (external, web) are not shipped; frozen spans need no text
            (log.debug if path.exists() else log.warning)("%s: text not present, skipped", doc)
            continue
        rows = spans_for(doc, read_text(doc))
        if path.exists() and not args.force:
            if read_jsonl(path) != rows:
                log.warning("%s: spans differ from the current splitter; kept frozen file", path.name)
            continue
        write_jsonl(path, rows)
        log.info("%s (%s): %d spans", doc, split, len(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

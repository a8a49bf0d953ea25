"""Command line: argument parsing only; everything else is the public API."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_NOTHING_READ, EXIT_USAGE = 0, 1, 2


def _add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="TOML", help="settings file overriding resources/default_config.toml")
    parser.add_argument("--tagger", choices=("bert", "rules", "both"), help="claim tagger (default from config: bert, the shipped small model; rules is the labeling functions)")
    parser.add_argument("--model", metavar="PATH", help="a save_pretrained model folder (default: the shipped one)")
    parser.add_argument("--members", type=int, metavar="N",
                        help="seed-ensemble members to run (default from config: 2; 0 runs all; 1 is about twice as fast, "
                             "less accurate)")
    parser.add_argument("--ocr", choices=("auto", "off"),
                        help="PDF pages that are only an image, and pictures in docx and web pages (tables "
                             "pasted as images): read by OCR when gongkai[ocr] is installed (auto, the default) "
                             "or not (off)")
    parser.add_argument("--disable", action="append", default=[], metavar="STAGE",
                        choices=("segment", "tables", "claims", "checks"),
                        help="skip a stage (repeatable), e.g. --disable claims for tables and checks without torch")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="Read Chinese government information disclosure annual reports "
                    "(政府信息公开工作年度报告): sections, tables, claims and cross-checks.")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    analyze = sub.add_parser("analyze", help="analyse reports and print a summary or JSON records",
                             description="Analyse each report; exit code 1 only when no input could be read.")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="report files (txt, md, docx, doc, html, pdf, scanned pdf)")
    analyze.add_argument("--json", action="store_true", help="print the JSON record (output.md) of each input")
    analyze.add_argument("-o", "--out", metavar="DIR", help="write DIR/<file name without extension>.json per input")
    analyze.add_argument("--html", metavar="FILE", help="write a debug page (text with sections, clauses, "
                         "numbers, cells and checks marked); with several inputs, FILE is a folder")
    _add_pipeline_options(analyze)

    batch = sub.add_parser("batch", help="analyse a corpus: resumable, one record per input",
                           description="Analyse files, directories (recursive) or globs into OUT.")
    batch.add_argument("inputs", nargs="+", metavar="INPUT")
    batch.add_argument("-o", "--out", required=True, metavar="OUT")
    batch.add_argument("--workers", type=int, default=1)
    batch.add_argument("--engine", choices=("local", "ray"), default="local")
    batch.add_argument("--ray-address", default=None, help="Ray cluster address (engine ray)")
    batch.add_argument("--resume", action="store_true", help="skip inputs whose record is already in OUT")
    batch.add_argument("--timeout", type=float, default=120.0, metavar="S", help="seconds per document")
    batch.add_argument("--max-bytes", type=int, default=None, metavar="B", help="larger files get too_large")
    batch.add_argument("--max-memory-mb", type=int, default=4096, help="memory cap per worker")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar; one log line per 100 inputs")
    _add_pipeline_options(batch)
    return parser


def _overrides(args: argparse.Namespace) -> dict:
    claims = {k: v for k, v in (("tagger", args.tagger), ("model", args.model),
                                ("members", getattr(args, "members", None))) if v is not None}
    ingest = {k: v for k, v in (("max_bytes", getattr(args, "max_bytes", None)),
                                ("ocr", getattr(args, "ocr", None))) if v}
    out: dict = {"claims": claims} if claims else {}
    if ingest:
        out["ingest"] = ingest
    return out


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING - 10 * min(verbosity, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def run_analyze(args: argparse.Namespace) -> int:
    from .outputs import record_json, summary_text, write_record
    from .pipeline import load_pipeline

    pipeline = load_pipeline(args.config, disable=args.disable, **_overrides(args))
    readable = 0
    for path in args.paths:
        doc = pipeline(Path(path))
        readable += doc.status != "error"
        if args.out:
            write_record(doc, args.out)
        if args.html:
            _write_html(doc, Path(args.html), several=len(args.paths) > 1)
        if args.json:
            sys.stdout.write(record_json(doc) + "\n")
        elif not args.out or args.verbose:
            sys.stdout.write(summary_text(doc) + "\n")
    return EXIT_OK if readable else EXIT_NOTHING_READ


def _write_html(doc, target: Path, several: bool) -> None:
    from .outputs.html import render_html

    if several:
        target.mkdir(parents=True, exist_ok=True)
        target = target / (Path(doc.source.path).stem + ".html")
    target.write_text(render_html(doc), "utf-8")


def run_batch(args: argparse.Namespace) -> int:
    from .batch import run_batch as batch_main

    if args.quiet:  # the progress lines that replace the bar are info, shown at the default verbosity
        logging.getLogger("gongkai.batch").setLevel(min(logging.INFO, logging.getLogger().level))
    return batch_main(args, _overrides(args))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    if args.command == "analyze":
        return run_analyze(args)
    return run_batch(args)


if __name__ == "__main__":
    sys.exit(main())

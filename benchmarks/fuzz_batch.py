"""Fuzz `gongkai batch` with mutated and hostile files; report crashes, missing records, memory.

    python benchmarks/fuzz_batch.py --cases 10000 --workers 2 --out /tmp/fuzz
    python benchmarks/fuzz_batch.py --cases 300 --no-big   # what CI runs (tests/test_fuzz.py)

Seeds are the synthetic files under examples/ and tests/fixtures/ plus, when present,
../shared (read only; mutated copies are written to a temporary folder, never the repo).
Mutations: truncation, bit flips, byte insertions, chunk deletion, splices of two files,
repeated blocks, long digit runs and odd characters in text lines, broken XML inside a .docx,
wrong extensions, mixed encodings; specials: zip bombs in .docx, encrypted and image-only
PDFs, a 100 MB text, deeply nested HTML, random bytes, empty files.

A crash is the batch itself failing; missing is an input with no record; doubled is an input
with two. Faults are records that name an internal failure (a stage that raised, an ingest
reader that raised something other than GongkaiError, a dead worker, a timeout, the memory cap):
each is listed with its seed file and mutation in ``faults.tsv`` so it can be reproduced with
the same ``--seed``. Every case is listed in ``cases.tsv`` in the output folder.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import random
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXTENSIONS = (".txt", ".md", ".docx", ".doc", ".html", ".pdf", ".bin", "")
ODD_TEXT = ("\u200b", "\ufeff", "\x00", "\r", "\u3000", "１２３", "〇", "—", "||||", "\t\t\t", "万亿", "%",
            "一、", "（一）", "表", "\ud7ff", "𠀀")
# internal faults: codes that mean something in our code (or a worker) broke, not the input
FAULT_CODES = ("stage_failed", "worker_crashed", "memory_exceeded", "timeout")
# Pipeline.read turns an ingest exception that is not a GongkaiError into this message
UNHANDLED_INGEST = re.compile(r"cannot be read as a \? file \((\w+(Error|Exception|Exit)|\w+): ")

log = logging.getLogger("fuzz_batch")


@dataclass(frozen=True)
class Case:
    path: Path
    seed: str
    mutation: str


def seed_files() -> list[Path]:
    found = []
    for folder in (ROOT / "examples", ROOT / "tests" / "fixtures", SHARED / "seeds", SHARED / "corpus" / "raw"):
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*") if p.is_file() and p.stat().st_size < 5_000_000
                            and p.suffix not in (".json", ".py"))
    return found


def zip_bomb(size: int = 300_000_000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def special_pdf(kind: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    if kind == "image":
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
        pix.clear_with(200)
        page.insert_image(page.rect, pixmap=pix)
        return doc.tobytes()
    page.insert_text((72, 72), "一、总体情况", fontname="china-s")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")


def nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "一、总体情况" + "</div>" * depth + "</body></html>").encode()


def _text_lines(data: bytes) -> list[str] | None:
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def _mutate_text(data: bytes, rng: random.Random) -> tuple[bytes, str] | None:
    """Edits inside lines of a UTF-8 text: the table and clause readers see plausible input."""
    lines = _text_lines(data)
    if not lines:
        return None
    kind = rng.choice(("digit_run", "odd_chars", "line_shuffle", "line_repeat"))
    original = list(lines)  # repeats copy original lines, so sizes stay bounded
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(lines))
        if kind == "digit_run":
            digits = "".join(rng.choice("0123456789") for _ in range(rng.choice((12, 40, 200, 2000))))
            lines[i] = lines[i].rstrip("\n") + digits + "\n"
        elif kind == "odd_chars":
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + rng.choice(ODD_TEXT) * rng.randint(1, 30) + lines[i][pos:]
        elif kind == "line_shuffle":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = rng.choice(original)
            lines.insert(i, line * rng.randint(2, max(2, min(300, 50_000 // max(1, len(line))))))
    return "".join(lines).encode("utf-8", "surrogatepass"), kind


def _mutate_docx_xml(data: bytes, rng: random.Random) -> tuple[bytes, str] | None:
    """Damage word/document.xml inside an intact zip, so the XML reader (not unzip) is hit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    xml = members.get("word/document.xml")
    if xml is None:
        return None
    tags = [m.start() for m in re.finditer(rb"<w:(tc|tr|p|gridSpan|vMerge)\b", xml)] or [0]
    for _ in range(rng.randint(1, 10)):
        pos = rng.choice(tags)
        if pos >= len(xml):
            continue
        end = xml.find(b">", pos) + 1 or len(xml)
        xml = xml[:pos] + rng.choice((b"", xml[pos:end] * rng.randint(2, 50), b"<w:tc>", b"</w:tr>",
                                      b'<w:gridSpan w:val="999999"/>', b'<w:vMerge w:val="restart"/>')) + xml[end:]
    members["word/document.xml"] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return buffer.getvalue(), "docx_xml"


def mutate(data: bytes, rng: random.Random, other: bytes) -> tuple[bytes, str]:
    """One mutation of ``data`` (``other`` is a second seed, for splices); returns bytes and its name."""
    choice = rng.randrange(10)
    if choice == 0 and data:
        return data[: rng.randrange(len(data))], "truncate"
    if choice == 1 and data:
        out = bytearray(data)
        for _ in range(rng.randint(1, 50)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return bytes(out), "bitflip"
    if choice == 2:
        pos = rng.randrange(len(data) + 1)
        return data[:pos] + rng.randbytes(rng.randint(1, 4096)) + data[pos:], "insert"
    if choice == 3:
        try:
            text = data.decode("utf-8")
            half = len(text) // 2
            return text[:half].encode("utf-8") + text[half:].encode("gb18030", "replace"), "mixed_encoding"
        except UnicodeDecodeError:
            return data, "unchanged"
    if choice == 4:
        return data, "wrong_extension"
    if choice == 5 and data:
        start = rng.randrange(len(data))
        return data[:start] + data[start + rng.randint(1, max(1, len(data) // 4)):], "delete"
    if choice == 6:
        cut, cut_other = rng.randrange(len(data) + 1), rng.randrange(len(other) + 1)
        return data[:cut] + other[cut_other:], "splice"
    if choice == 7 and data:
        start = rng.randrange(len(data))
        block = data[start:start + rng.randint(1, 2000)]
        return data[:start] + block * rng.randint(2, 200) + data[start:], "repeat"
    if choice == 8:
        return _mutate_text(data, rng) or _mutate_docx_xml(data, rng) or (data, "unchanged")
    return data, "unchanged"


def make_cases(n: int, out: Path, rng: random.Random, big: bool) -> list[Case]:
    seeds = seed_files()
    if not seeds:
        raise SystemExit("no seed files: run tests/fixtures/make_fixtures.py first")
    blobs = {p: p.read_bytes() for p in seeds}
    specials = [("empty.txt", b""), ("random.bin", bytes(random.Random(1).randbytes(10_000))),
                ("bomb.docx", zip_bomb()), ("encrypted.pdf", special_pdf("encrypted")),
                ("scanned.pdf", special_pdf("image")), ("nested.html", nested_html(100_000)),
                ("spaces.txt", b" \n\t " * 1000)]
    cases = []
    for name, data in specials:
        target = out / f"special-{name}"
        target.write_bytes(data)
        cases.append(Case(target, "-", "special"))
    if big:
        target = out / "special-huge.txt"
        with open(target, "wb") as handle:
            line = "一、总体情况。本年度收到申请7件。\n".encode()
            handle.write(line * (100_000_000 // len(line)))
        cases.append(Case(target, "-", "special"))
    for i in range(n - len(cases)):
        source = rng.choice(seeds)
        data, how = mutate(blobs[source], rng, blobs[rng.choice(seeds)])
        ext = rng.choice(EXTENSIONS) if how == "wrong_extension" else source.suffix
        target = out / f"case-{i:05d}-{how}{ext}"
        target.write_bytes(data)
        cases.append(Case(target, str(source), how))
    return cases


def faults(record: dict[str, Any]) -> list[str]:
    """The internal failures a record names (empty for a clean record, however bad its input)."""
    found = []
    for item in record.get("errors", []) + record.get("warnings", []):
        code, text = item.get("code"), item.get("message", "")
        if code in FAULT_CODES or (code == "unreadable" and UNHANDLED_INGEST.search(text)):
            found.append(f"{code}: {text}")
    return found


class PeakRss:
    """Samples the RSS of this process and of all its children (the batch workers) every 0.1 s."""

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.batch_mb = self.workers_mb = self.worker_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        import psutil

        while not self._stop.wait(0.1):
            try:
                mine = self.me.memory_info().rss / 2**20
                kids = [c.memory_info().rss / 2**20 for c in self.me.children(recursive=True)]
            except psutil.Error:
                continue
            self.batch_mb = max(self.batch_mb, mine)
            self.workers_mb = max(self.workers_mb, sum(kids))
            self.worker_mb = max(self.worker_mb, max(kids, default=0.0))

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def fuzz(cases: int, workers: int = 2, seed: int = 7, out: Path | None = None, tagger: str = "rules",
         timeout: float = 30.0, big: bool = True, engine: str = "local") -> dict[str, Any]:
    """Run one fuzz batch; returns the figures (tests/test_fuzz.py asserts on them)."""
    from gongkai.batch import BatchOptions, expand_inputs, run
    from gongkai.config import resolve

    work = Path(tempfile.mkdtemp(prefix="gongkai-fuzz-"))
    out = out or work / "out"
    out.mkdir(parents=True, exist_ok=True)
    try:
        made = make_cases(cases, work, random.Random(seed), big=big)
        by_path = {str(c.path): c for c in made}
        (out / "cases.tsv").write_text("path\tseed\tmutation\n" + "".join(
            f"{c.path.name}\t{c.seed}\t{c.mutation}\n" for c in made), "utf-8")
        inputs = expand_inputs([str(c.path) for c in made])
        settings = resolve(claims={"tagger": tagger})
        options = BatchOptions(out=out, workers=workers, timeout_s=timeout, quiet=True, engine=engine)
        crashed, summary, error = 0, {}, None
        started = time.perf_counter()
        with PeakRss() as peak:
            try:
                summary = run([str(c.path) for c in made], options, settings)
            except Exception as err:  # the one thing that must never happen
                crashed, error = 1, f"{type(err).__name__}: {err}"
                log.exception("batch crashed")
        seconds = time.perf_counter() - started
        records_file = out / "records.jsonl"
        records = [json.loads(line) for line in records_file.read_text("utf-8").split("\n") if line] \
            if records_file.exists() else []
        counts = Counter(r["source"]["path"] for r in records)
        found = [(by_path[r["source"]["path"]], f) for r in records if r["source"]["path"] in by_path
                 for f in faults(r)]
        (out / "faults.tsv").write_text("path\tseed\tmutation\tfault\n" + "".join(
            f"{c.path.name}\t{c.seed}\t{c.mutation}\t{f}\n" for c, f in found), "utf-8")
        return {"cases": len(inputs), "seconds": round(seconds, 1), "crashes": crashed, "crash": error,
                "missing": sum(p not in counts for p in inputs),
                "doubled": sum(n - 1 for n in counts.values() if n > 1),
                "faults": Counter(f.split(":", 1)[0] for _, f in found),
                "fault_cases": [(c.path.name, c.seed, c.mutation, f) for c, f in found],
                "status": summary.get("status"), "issue_codes": summary.get("issue_codes"),
                "peak_batch_mb": round(peak.batch_mb), "peak_workers_mb": round(peak.workers_mb),
                "peak_worker_mb": round(max(peak.worker_mb,
                                            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)),
                "load_average": [round(x, 2) for x in __import__("os").getloadavg()]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None, help="batch output folder (default: temporary)")
    parser.add_argument("--tagger", default="rules", choices=("rules", "bert"))
    parser.add_argument("--engine", default="local", choices=("local", "ray"))
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--no-big", action="store_true", help="skip the 100 MB text file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    result = fuzz(args.cases, args.workers, args.seed, args.out, args.tagger, args.timeout,
                  big=not args.no_big, engine=args.engine)
    log.warning("cases: %d  seconds: %.1f  (%.1f/s)", result["cases"], result["seconds"],
                result["cases"] / max(result["seconds"], 1e-9))
    log.warning("crashes: %d  records missing: %d  records doubled: %d", result["crashes"], result["missing"],
                result["doubled"])
    if result["crash"]:
        log.warning("crash: %s", result["crash"])
    log.warning("status: %s", result["status"])
    log.warning("issue codes: %s", result["issue_codes"])
    log.warning("faults (internal failures, not crashes): %s", dict(result["faults"]))
    for name, seed, mutation, fault in result["fault_cases"][:50]:
        log.warning("  fault %s (seed %s, mutation %s): %s", name, seed, mutation, fault[:300])
    log.warning("peak RSS: batch %d MB, workers together %d MB, largest worker %d MB",
                result["peak_batch_mb"], result["peak_workers_mb"], result["peak_worker_mb"])
    log.warning("load average: %s", result["load_average"])
    return 1 if result["crashes"] or result["missing"] or result["doubled"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fuzz `gongkai batch` with mutated and hostile files; report crashes, missing records, memory.

    python benchmarks/fuzz_batch.py --cases 10000 --workers 2 --out /tmp/fuzz
    python benchmarks/fuzz_batch.py --cases 300            # what CI runs (tests/test_fuzz.py)

Seeds are the synthetic files under examples/ and tests/fixtures/ plus, when present,
../shared (read only; mutated copies are written to a temporary folder, never the repo).
Mutations: truncation, bit flips, byte insertions, wrong extensions, zip bombs in .docx,
encrypted and image-only PDFs, a 100 MB text, deeply nested HTML, random bytes, empty
files, mixed encodings. A crash is the batch itself failing; missing is an input with no record.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXTENSIONS = (".txt", ".md", ".docx", ".doc", ".html", ".pdf", ".bin", "")


def seed_files() -> list[Path]:
    found = []
    for folder in (ROOT / "examples", ROOT / "tests" / "fixtures", SHARED / "seeds", SHARED / "corpus" / "raw"):
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*") if p.is_file() and p.stat().st_size < 5_000_000
                            and p.suffix != ".json" and p.suffix != ".py")
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


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    choice = rng.randrange(6)
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
    return data, "unchanged"


def make_cases(n: int, out: Path, rng: random.Random, big: bool) -> list[Path]:
    seeds = seed_files()
    if not seeds:
        raise SystemExit("no seed files: run tests/fixtures/make_fixtures.py first")
    blobs = {p: p.read_bytes() for p in seeds}
    specials = [("empty.txt", b""), ("random.bin", bytes(random.Random(1).randbytes(10_000))),
                ("bomb.docx", zip_bomb()), ("encrypted.pdf", special_pdf("encrypted")),
                ("scanned.pdf", special_pdf("image")), ("nested.html", nested_html(100_000)),
                ("spaces.txt", b" \n\t " * 1000)]
    paths = []
    for name, data in specials:
        target = out / f"special-{name}"
        target.write_bytes(data)
        paths.append(target)
    if big:
        target = out / "special-huge.txt"
        with open(target, "wb") as handle:
            line = "一、总体情况。本年度收到申请7件。\n".encode()
            handle.write(line * (100_000_000 // len(line)))
        paths.append(target)
    for i in range(n - len(paths)):
        source = rng.choice(seeds)
        data, how = mutate(blobs[source], rng)
        ext = rng.choice(EXTENSIONS) if how == "wrong_extension" else source.suffix
        target = out / f"case-{i:05d}-{how}{ext}"
        target.write_bytes(data)
        paths.append(target)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None, help="batch output folder (default: temporary)")
    parser.add_argument("--tagger", default="rules", choices=("rules", "bert"))
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--no-big", action="store_true", help="skip the 100 MB text file")
    args = parser.parse_args()

    from gongkai.batch import BatchOptions, expand_inputs, run
    from gongkai.config import resolve

    work = Path(tempfile.mkdtemp(prefix="gongkai-fuzz-"))
    out = args.out or work / "out"
    try:
        cases = make_cases(args.cases, work, random.Random(args.seed), big=not args.no_big)
        inputs = expand_inputs([str(p) for p in cases])
        settings = resolve(claims={"tagger": args.tagger})
        options = BatchOptions(out=out, workers=args.workers, timeout_s=args.timeout, quiet=True)
        started = time.perf_counter()
        crashed = 0
        try:
            summary = run([str(p) for p in cases], options, settings)
        except Exception as err:  # the one thing that must never happen
            crashed, summary = 1, {}
            print(f"CRASH: {type(err).__name__}: {err}", file=sys.stderr)
        seconds = time.perf_counter() - started
        records = [json.loads(line) for line in (out / "records.jsonl").read_text("utf-8").splitlines()] \
            if (out / "records.jsonl").exists() else []
        paths = {r["source"]["path"] for r in records}
        missing = sum(p not in paths for p in inputs)
        doubled = len(records) - len(paths)
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"cases: {len(inputs)}  seconds: {seconds:.1f}  ({len(inputs) / seconds:.1f}/s)")
        print(f"crashes: {crashed}  records missing: {missing}  records doubled: {doubled}")
        print(f"status: {summary.get('status')}")
        print(f"issue codes: {summary.get('issue_codes')}")
        print(f"peak RSS: batch {peak_self:.0f} MB, largest worker {peak_children:.0f} MB")
        return 1 if crashed or missing or doubled else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

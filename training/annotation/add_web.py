"""Register web report openings: ids, hashes and their split, fixed before anyone labels them.

    python training/annotation/add_web.py INCOMING_DIR [--dest ../external/web]

INCOMING_DIR holds the copied openings (``*.txt``) and one or more ``*.tsv`` lines of
``file<TAB>address<TAB>query``. Each new address gets the next id ``wNNNN`` (in address order),
its text is written to ``DEST/wNNNN.txt`` and a row to ``data/external/web/manifest.tsv``; the
split follows data/external/web/criterion.md (even first 8 hex digits of sha256(address):
``web_test``, else ``web_dev``) unless ``--split`` names one for the whole batch (batch 2:
``web2_test``, criterion_batch2.md); the doc joins that split in data/splits.json. A listing's
optional columns 4-6 (agency, level, year) fill the manifest row. Addresses already registered are
left as they are.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
from pathlib import Path

from common import REPO, SPLITS, sha256

log = logging.getLogger(__name__)
MANIFEST = REPO / "data" / "external" / "web" / "manifest.tsv"
COLUMNS = ("id", "url", "split", "agency", "level", "year", "chars", "sha256", "query")


def split_of(url: str) -> str:
    return "web_test" if int(hashlib.sha256(url.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "web_dev"


def report_year(text: str) -> str:
    """The report's year as the opening names it (``2022年度`` / ``2022年政府信息公开``), else ''."""
    found = re.search(r"(20\d\d)年(?:度|政府信息公开|政务公开)", text) or re.search(r"(20\d\d)年", text)
    return found.group(1) if found else ""


def read_manifest(path: Path | None = None) -> list[dict[str, str]]:
    path = path or MANIFEST
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [dict(zip(COLUMNS, line.split("\t"))) for line in lines[1:] if line]


def write_manifest(rows: list[dict[str, str]], path: Path | None = None) -> None:
    path = path or MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ["\t".join(COLUMNS)] + ["\t".join(row.get(c, "") for c in COLUMNS) for row in rows]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")


def incoming(folder: Path) -> list[tuple[str, ...]]:
    """(file, address, query, agency, level, year) of every listed opening, first listing of an
    address wins; missing columns are ''."""
    seen: dict[str, tuple[str, ...]] = {}
    for tsv in sorted(folder.glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) >= 2 and cells[1].strip() and cells[1].strip() not in seen:
                cells = [cell.strip() for cell in cells] + [""] * (6 - len(cells))
                seen[cells[1]] = tuple(cells[:6])
    return sorted(seen.values(), key=lambda entry: entry[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("incoming", type=Path)
    parser.add_argument("--dest", type=Path, default=REPO.parent / "external" / "web")
    parser.add_argument("--split", default=None, help="put the whole batch in this split instead of the hash rule")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows = read_manifest()
    known = {row["url"] for row in rows}
    splits = json.loads(SPLITS.read_text(encoding="utf-8"))
    number = max((int(row["id"][1:]) for row in rows), default=0)
    for name, url, query, agency, level, year in incoming(args.incoming):
        if url in known:
            continue
        text = (args.incoming / name).read_bytes().decode("utf-8")
        number += 1
        doc_id, split = f"w{number:04d}", args.split or split_of(url)
        args.dest.mkdir(parents=True, exist_ok=True)
        (args.dest / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
        rows.append({"id": doc_id, "url": url, "split": split, "agency": agency, "level": level,
                     "year": year or report_year(text),
                     "chars": str(len(text)), "sha256": sha256(text), "query": query})
        splits.setdefault(split, []).append(f"web/{doc_id}")
        known.add(url)
        log.info("%s %s %s (%d chars)", doc_id, split, url, len(text))
    write_manifest(rows)
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in splits.items()]
    SPLITS.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")  # one split per line, as kept
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

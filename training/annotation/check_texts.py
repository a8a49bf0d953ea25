"""Which registered texts beside ../shared are present with their recorded hash, per split.

    python training/annotation/check_texts.py [--missing FILE]

The web openings (``external/web/<id>.txt``) and the external reports (``external/text/<id>.txt``)
are not shipped; they are copied back from their recorded sources (data/external/README.md).
Prints present / wrong hash / missing per split and, with ``--missing``, writes the ids to copy
back, one manifest row each, so the copying can be shared out.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from collections import Counter
from pathlib import Path

import add_web
from common import REPO

sys.path.insert(0, str(REPO / "training"))
import fetch_external  # noqa: E402

log = logging.getLogger(__name__)
EXTERNAL = REPO.parent / "external"
# folder beside ../shared -> the manifest of its texts, read by the script that registers or fetches them
MANIFESTS = {"web": add_web.read_manifest, "text": fetch_external.read_manifest}


def state(path: Path, sha256: str) -> str:
    """``present`` (hash as recorded), ``wrong`` (a file with another hash) or ``missing``."""
    if not path.exists():
        return "missing"
    return "present" if hashlib.sha256(path.read_bytes()).hexdigest() == sha256 else "wrong"


def survey(external: Path = EXTERNAL) -> list[tuple[str, str, str, dict[str, str]]]:
    """(folder, split, state, row) of every registered text; external reports count as split ``external``."""
    out = []
    for folder, read_manifest in MANIFESTS.items():
        for row in read_manifest():
            split = row.get("split", "external")
            out.append((folder, split, state(external / folder / f"{row['id']}.txt", row["sha256"]), row))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=EXTERNAL, help="the folder beside ../shared")
    parser.add_argument("--missing", type=Path, default=None, help="write the rows still to copy back here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    found = survey(args.external)
    counts = Counter((split, st) for _, split, st, _ in found)
    for split in dict.fromkeys(split for _, split, _, _ in found):
        sys.stdout.write(f"{split}\t" + "\t".join(f"{st} {counts[(split, st)]}"
                                                  for st in ("present", "wrong", "missing")) + "\n")
    if args.missing:
        todo = [row for _, _, st, row in found if st != "present"]
        keys = list(todo[0]) if todo else []
        args.missing.write_text("".join("\t".join(row.get(k, "") for k in keys) + "\n" for row in todo),
                                encoding="utf-8")
        log.info("%d texts to copy back listed in %s", len(todo), args.missing)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

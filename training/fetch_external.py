"""Fetch the external reports' texts (data/external/manifest.tsv) from GitHub and verify them.

    python training/fetch_external.py            # writes ../external/text/<id>.txt beside ../shared

The texts are public but not shipped (real report text stays outside the repository). Each
one is taken at the commit the manifest records and kept only if the sha256 of its UTF-8 text
matches the manifest: the annotation offsets index exactly that text. Needs a network; the
library itself never downloads anything.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / "data" / "external" / "manifest.tsv"
DEFAULT_DEST = REPO.parent / "external" / "text"
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"


def read_manifest(path: Path = MANIFEST) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def raw_url(row: dict[str, str]) -> str:
    return RAW.format(repo=row["repo"], commit=row["commit"], path=urllib.parse.quote(row["path"]))


def download(url: str, timeout: float = 60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (a fixed https host)
        return response.read()


def fetch_one(row: dict[str, str], dest: Path, get: Callable[[str], bytes] = download) -> str:
    """``ok``, ``present`` (already there and verified) or a reason it was not written."""
    target = dest / f"{row['id']}.txt"
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == row["sha256"]:
        return "present"
    try:
        data = get(raw_url(row))
    except OSError as err:
        return f"not fetched: {err}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["sha256"]:
        return "sha256 differs from the manifest (the source changed, or a proxy rewrote it)"
    dest.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return "ok"


def main(argv: list[str] | None = None, get: Callable[[str], bytes] = download) -> dict[str, str]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="folder for <id>.txt (default: %(default)s)")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    results = {row["id"]: fetch_one(row, args.dest, get) for row in read_manifest(args.manifest)}
    for name, outcome in results.items():
        logger.info("%s: %s", name, outcome)
    return results


if __name__ == "__main__":
    sys.exit(0 if all(v in ("ok", "present") for v in main().values()) else 1)

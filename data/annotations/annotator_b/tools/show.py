"""Print the candidate clauses of one report with their index (throwaway viewer for annotator B)."""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
SHARED = ROOT / ".." / "shared"


def text_path(doc: str) -> Path:
    from gongkai.claims.corpus import text_path as where

    return where(SHARED, doc)


def main(key: str, lo: int = 0, hi: int = 10**9) -> None:
    spans = [json.loads(line) for line in (ROOT / "data/annotations/spans" / f"{key}.jsonl").open(encoding="utf-8")]
    text = text_path(spans[0]["doc"]).read_bytes().decode("utf-8")
    for i, s in enumerate(spans):
        if lo <= i < hi:
            sys.stdout.write(f"[{i}] {text[s['start']:s['end']]!r}\n")


if __name__ == "__main__":
    main(sys.argv[1], *map(int, sys.argv[2:]))

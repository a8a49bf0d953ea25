"""Turn a compact label file (index ranges -> types, role, skip) into annotator B's JSONL.

Label file lines: `<i>[-<j>] <role> [skip] [type,type,...]`; later lines override earlier ones;
'#' starts a comment. Every span must end with a role.
Run: `apply.py KEY` (labels/KEY.txt -> annotator_b/KEY.jsonl), or `apply.py KEY LABELS a` for a
second, independent annotation of the same spans written to annotator_a (agreement only).
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
ABBR = {
    "pub": "publication_count", "plat": "platform_count", "req": "request_count",
    "app": "appeal_count", "enf": "enforcement_count", "fee": "fee", "trn": "training",
    "staff": "staffing", "prob": "problem", "fix": "planned_fix",
}
ROLES = {
    "preamble", "overview", "active_disclosure", "request_disclosure", "information_management",
    "platform_building", "supervision", "active", "requests", "appeals", "problems",
    "identified_problems", "improvements", "other",
}


def main(key: str, labels_file: str | None = None, annotator: str = "b") -> None:
    spans = [json.loads(line) for line in (ROOT / "data/annotations/spans" / f"{key}.jsonl").open(encoding="utf-8")]
    labels: dict[int, tuple[str, bool, list[str]]] = {}
    source = Path(labels_file) if labels_file else Path(__file__).parent / "labels" / f"{key}.txt"
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        rng, role, rest = parts[0], parts[1], parts[2:]
        assert role in ROLES, (raw, role)
        skip = "skip" in rest
        types = sorted({ABBR[t] for p in rest if p != "skip" for t in p.split(",")})
        assert not (skip and types), raw
        a, _, b = rng.partition("-")
        for i in range(int(a), int(b or a) + 1):
            labels[i] = (role, skip, types)
    missing = [i for i in range(len(spans)) if i not in labels]
    extra = [i for i in labels if i >= len(spans)]
    assert not missing and not extra, (missing, extra)
    order = list(ABBR.values())
    out = ROOT / f"data/annotations/annotator_{annotator}" / f"{key}.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for i, s in enumerate(spans):
            role, skip, types = labels[i]
            rec = {**s, "types": sorted(types, key=order.index), "role": role, "skip": skip}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{key}: {len(spans)} spans written")


if __name__ == "__main__":
    main(*sys.argv[1:4])

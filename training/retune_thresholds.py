"""Re-tune a model folder's per-type thresholds on the real dev reports, clauses in report order.

    python training/retune_thresholds.py runs/run5

Writes thresholds.json and dev_results.json and updates the eval_* keys of
all_results.json. Used for a run whose own tuning was wrong: finetune.py before
835b866 paired the length-reordered eval predictions with clause-order labels.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import finetune  # noqa: E402

import data as D  # noqa: E402
from gongkai.claims.tagger import THRESHOLDS_FILE, load_tagger, read_labels  # noqa: E402
from gongkai.config import TaggerSettings  # noqa: E402

logger = logging.getLogger(__name__)


def retune(folder: Path, shared_dir: Path = D.DEFAULT_SHARED, min_support: int = 5) -> dict[str, Any]:
    labels = read_labels()
    records = D.real_annotations(shared_dir, ("dev",))
    (folder / THRESHOLDS_FILE).unlink(missing_ok=True)
    tagger = load_tagger(TaggerSettings(model=str(folder), quantize=False))
    logits = tagger.logits([r["text"] for r in records])
    gold = D.targets(records, labels.types, labels.roles)
    dargs = finetune.DataArguments(use_real_annotations=True, threshold_min_support=min_support)
    thresholds, final = finetune.tune_and_score(logits, gold, labels, dargs)
    finetune.write_json(folder / THRESHOLDS_FILE, dict(zip(labels.types, thresholds)))
    finetune.write_json(folder / "dev_results.json", final)
    results_path = folder / "all_results.json"
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else {}
    results = {k: v for k, v in results.items() if not k.startswith("eval_")} | final
    finetune.write_json(results_path, results)
    (folder / "eval_results.json").unlink(missing_ok=True)  # the old, wrongly paired dev figures
    return final


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    out = retune(Path(sys.argv[1]))
    logger.info("dev macro-F1 %.4f, role accuracy %.4f", out["eval_macro_f1"], out["eval_role_accuracy"])

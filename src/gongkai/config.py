"""One settings dataclass per stage, resolved from defaults, a dict or a TOML file.

Defaults live in ``resources/default_config.toml``; ``resolve`` accepts None, a
dict or an instance, so every entry point (API, CLI ``--config``, batch) goes
through the same validation.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def _check(condition: bool, name: str, reason: str) -> None:
    if not condition:
        raise ValueError(f"setting {name}: {reason}")


@dataclass(frozen=True)
class IngestSettings:
    max_bytes: int = 50_000_000
    min_encoding_confidence: float = 0.5
    pdf_min_chars_per_page: int = 20
    doc_converter: str = "soffice"
    doc_timeout_s: float = 60.0
    ocr: str = "auto"  # PDF pages and docx/web-page pictures without text: "auto" reads them by OCR when installed
    ocr_dpi: int = 200
    ocr_max_pages: int = 60  # also the most pictures read in one docx or web page
    ocr_threads: int = 0  # ONNX Runtime threads; 0 lets it choose

    def __post_init__(self) -> None:
        _check(self.max_bytes > 0, "ingest.max_bytes", "must be positive")
        _check(self.ocr in ("auto", "off"), "ingest.ocr", "must be 'auto' or 'off'")
        _check(72 <= self.ocr_dpi <= 600, "ingest.ocr_dpi", "must be in [72, 600]")
        _check(self.ocr_max_pages > 0, "ingest.ocr_max_pages", "must be positive")
        _check(self.ocr_threads >= 0, "ingest.ocr_threads", "must be >= 0")
        _check(0 <= self.min_encoding_confidence <= 1, "ingest.min_encoding_confidence", "must be in [0, 1]")


@dataclass(frozen=True)
class SegmentSettings:
    max_clause_chars: int = 400
    min_clause_chars: int = 2

    def __post_init__(self) -> None:
        _check(self.max_clause_chars > self.min_clause_chars, "segment.max_clause_chars",
               "must exceed min_clause_chars")


@dataclass(frozen=True)
class TableSettings:
    max_run_splits: int = 20000  # search budget for run-together digit cells

    def __post_init__(self) -> None:
        _check(self.max_run_splits > 0, "tables.max_run_splits", "must be positive")


@dataclass(frozen=True)
class TaggerSettings:
    tagger: str = "bert"  # bert | rules | both (default from resources/default_config.toml)
    model: str | None = None  # None -> the shipped checkpoint
    threshold: float = 0.5  # used when the model folder has no tuned thresholds
    batch_size: int = 64
    max_length: int = 128
    quantize: bool = True
    num_threads: int | None = None
    members: int = 2  # of a seed-ensemble checkpoint, how many to run (0: all; 1: the fastest)
    long_clauses: str = "windows"  # windows | truncate: a clause longer than max_length
    parent_role_bias: float = 0.0  # bert: log-prob taken off 总体情况/五 itself under a parent heading
    item_heading_weight: float = 3.0  # bert: weight of an own-outline item's heading when its clauses share one role

    def __post_init__(self) -> None:
        _check(self.tagger in ("bert", "rules", "both"), "claims.tagger", "must be bert, rules or both")
        _check(self.members >= 0, "claims.members", "must be 0 (all) or a positive count")
        _check(self.long_clauses in ("windows", "truncate"), "claims.long_clauses", "must be windows or truncate")
        _check(0 < self.threshold < 1, "claims.threshold", "must be in (0, 1)")
        _check(self.batch_size > 0, "claims.batch_size", "must be positive")
        _check(self.parent_role_bias >= 0, "claims.parent_role_bias", "must be >= 0")
        _check(self.item_heading_weight >= 0, "claims.item_heading_weight", "must be >= 0")


@dataclass(frozen=True)
class CheckSettings:
    amount_tolerance: float = 0.01  # relative tolerance for 万元 amounts
    percent_tolerance: float = 0.5  # absolute, in percentage points
    enabled: tuple[str, ...] = ("table_internal", "narrative_table", "narrative_internal", "plausibility")

    def __post_init__(self) -> None:
        _check(self.amount_tolerance >= 0, "checks.amount_tolerance", "must be >= 0")


@dataclass(frozen=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    claims: TaggerSettings = field(default_factory=TaggerSettings)
    checks: CheckSettings = field(default_factory=CheckSettings)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _build(cls: type[T], values: dict[str, Any], where: str) -> T:
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"unknown setting(s) in [{where}]: {', '.join(sorted(unknown))}")
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    return cls(**kwargs)


def default_config() -> dict[str, Any]:
    text = resources.files("gongkai.resources").joinpath("default_config.toml").read_text("utf-8")
    return tomllib.loads(text)


def resolve(config: Settings | dict[str, Any] | str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, then ``config`` (dict, TOML path or Settings), then overrides.

    ``overrides`` take dotted-free stage dicts: ``resolve(claims={"tagger": "rules"})``.
    """
    if isinstance(config, Settings) and not overrides:
        return config
    merged = default_config()
    if isinstance(config, Settings):
        merged = _merge(merged, config.to_dict())
    elif isinstance(config, (str, Path)):
        merged = _merge(merged, tomllib.loads(Path(config).read_text("utf-8")))
    elif isinstance(config, dict):
        merged = _merge(merged, config)
    merged = _merge(merged, overrides)
    stages = {f.name: f.type for f in dataclasses.fields(Settings)}
    unknown = set(merged) - set(stages)
    if unknown:
        raise ValueError(f"unknown config section(s): {', '.join(sorted(unknown))}")
    classes = {"ingest": IngestSettings, "segment": SegmentSettings, "tables": TableSettings,
               "claims": TaggerSettings, "checks": CheckSettings}
    return Settings(**{name: _build(cls, merged.get(name, {}), name) for name, cls in classes.items()})


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **{k: v for k, v in value.items() if v is not None}}
        elif value is not None:
            out[key] = value
    return out

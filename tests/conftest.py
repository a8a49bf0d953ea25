"""Shared fixtures: paths to synthetic fixtures and to ../shared (real reports, optional)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SHARED = TESTS.parent / ".." / "shared"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    """tests/fixtures/expected.json: values every synthetic fixture was rendered from."""
    return json.loads((FIXTURES / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (real reports); tests needing it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared not present")
    return SHARED.resolve()

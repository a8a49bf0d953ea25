"""Segment on the real reports of ../shared: which sections each file has (by our reading).

The texts are read from ../shared (never copied into the repo); skipped when absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.document import Document, Source
from gongkai.segment import Segment

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
STD = ["overview", "active", "requests", "appeals", "problems", "other"]
OLD = ["overview", "active", "requests", "problems"]
SUB5 = ["active_disclosure", "request_disclosure", "information_management", "platform_building", "supervision"]
PROB2 = ["identified_problems", "improvements"]

# file -> (section keys in order, overview subsections, problems subsections, agency, year)
EXPECTED = {
    "seeds/000_3adf3858b6164973.txt": (STD, SUB5, [], "重庆市大足区公安局", 2024),
    "seeds/001_1ed010e53ecc774d.txt": (STD, SUB5, PROB2, "重庆市公安局渝北区分局", 2020),
    "seeds/002_729be3c2be5c302f.txt": (STD, SUB5, PROB2, "渠县公安局", 2023),
    "seeds/003_0bce9a6b48843d2b.txt": (STD, SUB5, PROB2, "怀远县公安局", 2024),
    "seeds/004_cf363b4f6158e9bb.txt": (STD, SUB5, [], "鼎城区公安局", 2021),
    "corpus/text/r0001.txt": (STD, [], [], "平潭综合实验区", 2019),
    "corpus/text/r0002.txt": (STD, SUB5, PROB2, "平潭综合实验区", 2021),
    "corpus/text/r0003.txt": (STD, SUB5, [], "平潭综合实验区", 2022),
    "corpus/text/r0004.txt": (STD, SUB5, [], "洪泽区人民政府", 2023),
    "corpus/text/r0005.txt": (STD, SUB5, [], "平潭综合实验区", 2023),
    "corpus/text/r0006.txt": (STD, SUB5, [], "淮安市人民政府", 2024),
    "corpus/text/r0007.txt": (STD, SUB5, [], "平潭综合实验区", 2025),
    "corpus/text/r0008.txt": (OLD, [], [], "平潭综合实验区", 2011),
    "corpus/text/r0009.txt": (OLD, [], [], "平潭县人民政府", 2011),
    "corpus/text/r0010.txt": (OLD, [], [], "平潭县人民政府", 2012),
    "corpus/text/r0011.txt": (["overview", "active", "active", "requests", "problems"], [], [], "平潭综合实验区", 2012),
    "corpus/text/r0012.txt": (OLD, [], [], "平潭县人民政府", 2013),
    "corpus/text/r0013.txt": (["overview", "active", "requests", "other", "appeals", "other"], [], [],
                              "平潭综合实验区地方税务局", 2013),
    "corpus/text/r0014.txt": (OLD, [], [], "平潭综合实验区", 2013),
    "corpus/text/r0015.txt": (["overview", "active", "requests", "other", "problems", "other"],
                              ["active_disclosure"], [],
                              "平潭综合实验区管委会", 2014),
    "corpus/text/r0016.txt": (["overview", "active", "requests", "other", "appeals", "problems", "other"],
                              ["supervision", "active_disclosure"], PROB2,
                              "平潭综合实验区", 2015),
    "corpus/text/r0017.txt": (["overview", "active", "requests", "other", "appeals", "problems", "other"],
                              ["supervision", "active_disclosure"], [],
                              "平潭综合实验区", 2016),
    "corpus/text/r0018.txt": (STD, SUB5, [], "平潭综合实验区", 2023),
    "corpus/text/r0019.txt": (STD, SUB5, [], "平潭综合实验区", 2025),
}


@pytest.fixture(scope="module")
def segment() -> Segment:
    return Segment()


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_report_sections(name, segment):
    path = SHARED / name
    if not path.is_file():
        pytest.skip("../shared/corpus not present")
    text = path.read_text(encoding="utf-8")
    doc = segment(Document(source=Source(path=str(path)), text=text))
    keys, overview_subs, problem_subs, agency, year = EXPECTED[name]
    assert [s.key for s in doc.sections] == keys
    sections = {s.key: s for s in doc.sections}
    assert [s.key for s in sections["overview"].subsections] == overview_subs
    if "problems" in sections:
        assert [s.key for s in sections["problems"].subsections] == problem_subs
    assert (doc.meta.agency, doc.meta.year) == (agency, year)
    for sec in doc.sections:
        assert text[sec.start:sec.start + len(sec.title)] == sec.title
        for sub in sec.subsections:
            assert sec.start <= sub.start < sub.end <= sec.end
    assert doc.clauses, "no clause found"
    for clause in doc.clauses:
        assert text[clause.start:clause.end] == clause.text
        assert clause.end - clause.start <= segment.settings.max_clause_chars

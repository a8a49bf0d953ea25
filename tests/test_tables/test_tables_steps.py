"""Each step of the table pipeline on hand-built inputs."""

import pytest

from gongkai.document import GridCell
from gongkai.tables.grid import Lines, build_grid, detect_origin, grid_layout, grid_lines, grid_runs, grid_tsv
from gongkai.tables.layout import detect_format, format_from_year
from gongkai.tables.locate import locate_regions, report_year
from gongkai.tables.rows import Record, cell_kind, fit_values, match_row, normalise_label, records
from gongkai.tables.schema import load_schema
from gongkai.tables.values import read_value

SCHEMA = load_schema()


def _grid(text: str, builder):
    return builder(text, 0, len(text), Lines(text))


def _cells(*texts: str) -> list[GridCell]:
    return [GridCell(text=t, row=0, col=i) for i, t in enumerate(texts)]


# ---- locate ----

def test_regions_run_from_heading_to_next_heading():
    text = ("x2023年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n信息内容\t本年制发件数\n"
            "三、收到和处理政府信息公开申请情况\n申请人情况\n四、政府信息公开行政复议、行政诉讼情况\n结果维持\n"
            "五、存在的主要问题及改进情况\n")
    regions = locate_regions(text, SCHEMA)
    assert [(t, text[r.start:r.end].split("\n")[0]) for t, r in regions.items()] == [
        ("active", "二、主动公开政府信息情况"), ("requests", "三、收到和处理政府信息公开申请情况"),
        ("appeals", "四、政府信息公开行政复议、行政诉讼情况")]
    assert text[regions["appeals"].end:].startswith("五、")


def test_prose_section_with_table_heading_is_not_a_table():
    text = "二、主动公开政府信息情况\n本年主动公开信息120条。\n三、政府信息依申请公开工作情况\n无。\n"
    assert locate_regions(text, SCHEMA) == {}


@pytest.mark.parametrize("text, known, year", [
    ("某局2023年政府信息公开工作年度报告\n", None, 2023),
    ("某局2011年度政府信息公开工作报告", None, 2011),
    ("某局2011年度政府信息公开工作报告", 2020, 2020),
    ("没有年份", None, None),
])
def test_report_year(text, known, year):
    assert report_year(text, SCHEMA, known) == year


# ---- grid ----

@pytest.mark.parametrize("text, origin", [
    ("a | 1 | 2 |\nb | 3 | 4 |\nc | 5 | 6 |\n", "pipe"),
    ("| a | 1 |\n|---|---|\n| b | 2 |\n| c | 3 |\n", "markdown"),
    ("a\t1\t2\nb\t3\t4\nc\t5\t6\n", "tsv"),
    ("\ta\n\t1\n\n\tb\n\t2\n", "lines"),
    ("规章      0     0\n行政许可     550\n行政处罚    4119\n", "layout"),
    ("规章000行政规范性文件693665行政许可2293", "runs"),
    ("规章\n0\n0\n0\n行政许可\n2293\n", "lines"),
])
def test_detect_origin(text, origin):
    assert detect_origin(text, 0, len(text)) == origin


def test_lines_grid_joins_continuation_lines_and_keeps_empty_cells():
    text = "\t\n\t商业\n企业\n\t科研\n机构\n\n\t规章\n\t0\n\t\n"
    rows = _grid(text, grid_lines).rows()
    assert [[c.text for c in row] for row in rows] == [["", "商业企业", "科研机构"], ["规章", "0", ""]]
    assert rows[1][1].line == 8 and text[rows[1][1].start:rows[1][1].end] == "0"


def test_tsv_grid_keeps_positions_of_empty_cells():
    rows = _grid("四、结转\t\t\t0\t0\t\n", grid_tsv).rows()
    assert [(c.col, c.text) for c in rows[0]] == [(0, "四、结转"), (1, ""), (2, ""), (3, "0"), (4, "0"), (5, "")]


def test_layout_grid_splits_columns_and_glued_figures():
    text = "2.其他法律行政法规禁止公开0    0   1\n10 1 0\n"
    rows = _grid(text, grid_layout).rows()
    assert [[c.text for c in row] for row in rows] == [["2.其他法律行政法规禁止公开", "0", "0", "1"], ["10", "1", "0"]]


def test_layout_grid_splits_a_figure_one_space_after_a_full_width_comma():
    text = "（二）部分公开（区分处理的，只计这一情形， 16    0   16\n"
    rows = _grid(text, grid_layout).rows()
    assert [c.text for c in rows[0]] == ["（二）部分公开（区分处理的，只计这一情形，", "16", "0", "16"]
    figures = _grid("一、本年新收政府信息公开申请数量   3,769   83   4，488\n", grid_layout).rows()
    assert [c.text for c in figures[0]][-1] == "4，488"  # a figure with a comma is not a label with a figure


def test_runs_grid_gives_item_numbers_back_to_the_next_label():
    text = "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开 1000001（六）其他处理0 0 00"
    rows = _grid(text, grid_runs).rows()
    assert [[c.text for c in row] for row in rows] == [
        ["（三）不予公开1.属于国家秘密", "0000000"], ["2.其他法律行政法规禁止公开", "1000001"],
        ["（六）其他处理", "0", "0", "00"]]


def test_runs_grid_keeps_decimals_and_units():
    text = "行政事业性收费24252.311082三、采购13575394432.52元"
    rows = _grid(text, grid_runs).rows()
    assert [[c.text for c in row] for row in rows] == [["行政事业性收费", "24252.311082"], ["三、采购", "13575394432.52元"]]


def test_build_grid_records_origin():
    text = "a | 1 |\nb | 2 |\nc | 3 |\n"
    assert build_grid(text, 0, len(text), Lines(text)).origin == "pipe"


# ---- layout (format) ----

def test_format_from_table_2_header_words():
    assert detect_format("信息内容本年制发件数本年废止件数", "", SCHEMA) == "2021"
    assert detect_format("信息内容本年新制作数量本年新公开数量", "", SCHEMA) == "2019"
    assert detect_format("", "（六）其他处理1.申请人无正当理由逾期不补正", SCHEMA) == "2021"
    assert detect_format("", "（六）其他处理", SCHEMA) == "2019"
    assert detect_format("", "", SCHEMA) is None


@pytest.mark.parametrize("year, fmt", [(2018, None), (2019, "2019"), (2020, "2019"), (2021, "2021"), (None, None)])
def test_format_from_year(year, fmt):
    assert format_from_year(year) == fmt


# ---- rows ----

@pytest.mark.parametrize("label, key", [
    ("三、本年度办理结果（一）予以公开", "granted"),
    ("（三）不予公开1.属于国家秘密", "withheld_state_secret"),
    ("度办理 结果(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "partially_granted"),
    ("形，不计其他情形）三、本年度办理结果2.其他法律行政止公开", "withheld_prohibited_by_law"),
    ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_overdue_correction"),
    ("（六）其他处理3、其他", "other_misc"),
    ("（六）其他处理", "other_total"),
    ("申请人情况自然人法人或其他组织总计一、本年新收政府信息公开申请数量", "new_received"),
    ("5.要求行政机关确认或重新出", "not_processed_confirmation"),
    ("（七）总计", "results_total"),
    ("四、结转下年度继续办理", "carried_forward"),
    ("合计", None),
])
def test_match_row_takes_the_cue_that_ends_last(label, key):
    spec = match_row(label, SCHEMA.rows_for("requests", "2021") + SCHEMA.rows_for("requests", "2019")[-3:-2])
    assert (spec.key if spec else None) == key


def test_normalise_label():
    assert normalise_label("3、其他 （单位： 万元）") == "3.其他(单位:万元)"


@pytest.mark.parametrize("text, kind", [
    ("", "blank"), (" \u00a0", "blank"), ("0", "value"), ("359425件", "value"), ("8768.62万元", "value"),
    ("/", "value"), ("无", "value"), ("1.属于国家秘密", "text"), ("总计", "text"),
])
def test_cell_kind(text, kind):
    assert cell_kind(text) == kind


def test_cell_kind_ignores_export_noise():
    assert cell_kind("[bookmark: _GoBack]148.7", SCHEMA.noise) == "value"


def test_fit_values_drops_merged_cell_empties_on_the_right_side():
    tsv = _cells("", "", "0", "0", "0", "0", "0", "0", "")
    assert [c.col for c in fit_values(tsv, 7)] == [2, 3, 4, 5, 6, 7, 8]  # last (总计) stays blank
    piped = _cells("0", "0", "0", "0", "0", "0", "0", "", "")
    assert [c.col for c in fit_values(piped, 7, trailing_first=True)] == [0, 1, 2, 3, 4, 5, 6]
    assert fit_values(_cells("1", "2"), 3) is None
    assert fit_values(_cells("1", "2", "3", "4"), 3) is None


def test_records_join_wrapped_labels_and_one_cell_per_line_values():
    text = "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\n4\n0\n1.属于国家秘密\n1\n"
    recs = records(_grid(text, grid_lines))
    assert [(r.label, [c.text for c in r.values]) for r in recs] == [
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["4", "0"]), ("1.属于国家秘密", ["1"])]
    assert isinstance(recs[0], Record) and recs[0].line == 3


TOP_ALIGNED = (
    "（四）无法    1.本机关不掌握相关政    3   0   3\n"
    "提供          府信息\n"
    "              2.没有现成信息需要另    0   0   0\n"
    "              行制作\n"
    "（六）其他处  1.申请人无正当理由逾    1   0   1\n"
    "理            期不补正、行政机关不\n"
    "              再处理其政府信息公开申请\n"
    "（七）总计                            4   0   4\n")


def test_records_with_tails_below_the_figures():
    """Cells aligned to the top: a wrapped label goes on below its figures; group label pieces on the
    left (提供, 理) are left out so they do not split the row's own words."""
    grid = _grid(TOP_ALIGNED, grid_layout)
    below = [(r.label, [c.text for c in r.values]) for r in records(grid, tails_follow=True)]
    assert below == [("（四）无法1.本机关不掌握相关政府信息", ["3", "0", "3"]),
                     ("2.没有现成信息需要另行制作", ["0", "0", "0"]),
                     ("（六）其他处1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ["1", "0", "1"]),
                     ("（七）总计", ["4", "0", "4"])]
    above = [r.label for r in records(grid)]  # read as centred: the tails start the next row
    assert above[1] == "提供府信息2.没有现成信息需要另"
    specs = SCHEMA.rows_for("requests", "2021")
    assert [match_row(label, specs).key for label, _ in below] == [
        "unavailable_not_held", "unavailable_needs_creation", "other_overdue_correction", "results_total"]


# ---- values ----

@pytest.mark.parametrize("raw, field, value", [
    ("0", "total", 0), ("", "total", None), ("/", "total", None), ("-", "total", None), ("无", "total", None),
    ("359425件", "decisions", 359425), ("8768.62万元", "amount_10k_yuan", 8768.62),
    ("13575394432.52元", "amount_10k_yuan", 1357539.443252), ("1,234", "decisions", 1234),
    ("[bookmark: _GoBack]148.743504", "amount_10k_yuan", 148.743504), ("１２", "total", 12),
])
def test_read_value(raw, field, value):
    assert read_value(raw, field, SCHEMA.noise) == value


def test_read_value_takes_no_run_longer_than_a_figure():
    assert read_value("9" * 15, "total", SCHEMA.noise) == 10**15 - 1
    assert read_value("0" + "7" * 400, "total", SCHEMA.noise) is None  # damage: no float holds it


@pytest.mark.parametrize("header, index", [
    ("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他", None),
    ("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他小计", 6),
    ("申请人情况自然人法人或其他组织小计商业企业科研机构", 1),
])
def test_subtotal_index(header, index):
    from gongkai.tables.rows import subtotal_index

    assert subtotal_index(header, SCHEMA.subtotal_word, SCHEMA.first_org_word) == index


def test_align_by_position_places_figures_under_their_columns():
    from gongkai.tables.rows import align_by_position

    full = [[(10, 12), (20, 21), (30, 31)], [(10, 14), (19, 21), (30, 32)]]
    assert align_by_position([(10, 13), (30, 31)], full) == [0, 2]
    assert align_by_position([(25, 26)], full) is None  # between columns: not guessed
    assert align_by_position([(10, 13)], [[(10, 12), (11, 21)]]) is None  # columns overlap

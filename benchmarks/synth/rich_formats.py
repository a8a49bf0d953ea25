"""docx (real merged cells), portal html (rowspan/colspan inside navigation) and text PDFs
(china-s font, ruled tables that break across pages, wrapped row labels)."""

from __future__ import annotations

import html
import io
import random
import re

from .grid import Table, split_active
from .truth import Truth

# ---- docx -----------------------------------------------------------------------------


def render_docx(truth: Truth, tables: dict[str, Table], rng: random.Random) -> bytes:
    import docx

    d = docx.Document()
    split = rng.random() < 0.5
    for b in truth.blocks:
        if b.kind == "title":
            d.add_heading(b.text, level=1) if rng.random() < 0.5 else d.add_paragraph(b.text)
        elif b.kind == "heading":
            d.add_heading(b.text, level=2) if rng.random() < 0.3 else d.add_paragraph(b.text)
        elif b.kind in ("subheading", "para"):
            d.add_paragraph(b.text)
        else:
            parts = split_active(tables[b.key]) if b.key == "active" and split else [tables[b.key]]
            for t in parts:
                _docx_table(d, t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _docx_table(d: object, t: Table) -> None:
    """A ruled Word table with real merged cells; a _GoBack bookmark where the style put one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = d.add_table(rows=t.n_rows, cols=t.n_cols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell in t.cells:
        target = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        target.text = cell.text.replace("[bookmark: _GoBack]", "")
        if cell.text.startswith("[bookmark: _GoBack]"):
            para = target.paragraphs[0]._p
            start = OxmlElement("w:bookmarkStart")
            start.set(qn("w:id"), "0")
            start.set(qn("w:name"), "_GoBack")
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), "0")
            para.insert(0, start)
            para.append(end)
    d.add_paragraph("")  # type: ignore[attr-defined]


# ---- html -----------------------------------------------------------------------------

_NAV = ("首页", "政务公开", "政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "依申请公开",
        "政府信息公开年报", "政务服务", "互动交流", "走进本地")


def html_table(t: Table, rng: random.Random) -> str:
    rows = []
    th = rng.random() < 0.3
    for row in t.rows():
        cells = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = html.escape(cell.text.replace("[bookmark: _GoBack]", "")).replace("\n", "<br/>")
            text = text or ("&nbsp;" if rng.random() < 0.5 else "")
            inner = f'<p class="MsoNormal" align="center"><span style="font-size:10.5pt">{text}</span></p>'
            tag = "th" if cell.header and th else "td"
            cells.append(f'<{tag}{attrs} valign="middle">{inner if rng.random() < 0.7 else text}</{tag}>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">'
            "<tbody>" + "\n".join(rows) + "</tbody></table>")


def render_html(truth: Truth, tables: dict[str, Table], rng: random.Random) -> tuple[str, str]:
    """(markup, charset): a portal page with header navigation, breadcrumbs and a footer."""
    charset = rng.choice(["utf-8", "utf-8", "gb2312"])
    split = rng.random() < 0.5
    if rng.random() < 0.4:  # old portals lay the navigation out with a table
        nav = ('<table width="100%" border="0"><tr>' + "".join(
            f'<td><a href="/col{i}/">{n}</a></td>' for i, n in enumerate(_NAV)) + "</tr></table>")
    else:
        nav = "".join(f'<li><a href="/col{i}/">{n}</a></li>' for i, n in enumerate(_NAV))
    crumbs = " &gt; ".join(f'<a href="#">{n}</a>' for n in ("首页", "政务公开", "政府信息公开年报"))
    body = []
    for b in truth.blocks:
        text = html.escape(b.text)
        if b.kind == "title":
            body.append(f'<h1 class="article-title">{text}</h1><div class="info">发布时间：{truth.year + 1}-0{rng.randint(1, 3)}-1{rng.randint(0, 9)} 来源：本站 【字体：大 中 小】</div>')
        elif b.kind == "table":
            parts = split_active(tables[b.key]) if b.key == "active" and split else [tables[b.key]]
            body += [html_table(t, rng) for t in parts]
        elif b.kind == "heading" and rng.random() < 0.5:
            body.append(f"<p><strong>{text}</strong></p>")
        else:
            body.append(f'<p style="text-indent:2em">{text}</p>')
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"/>
<title>{html.escape(truth.title)}</title>
<script>var _hmt = _hmt || [];</script><style>.nav li{{display:inline}}</style></head>
<body><div class="top">无障碍 | 长者模式 | 登录 | 注册</div>
<div class="header"><ul class="nav">{nav}</ul><form><input name="q"/>搜索</form></div>
<div class="crumbs">当前位置：{crumbs}</div>
<div class="main"><div class="sidebar"><ul><li>政府信息公开指南</li><li>依申请公开</li><li>监督保障</li></ul></div>
<div class="article">{''.join(body)}</div></div>
<div class="share">分享到：微信 微博 QQ空间 【打印本页】【关闭窗口】</div>
<div class="footer">主办单位：本级人民政府办公室 网站标识码：0000000000 备案号：某ICP备00000000号</div>
</body></html>
"""
    return page, charset


# ---- pdf ------------------------------------------------------------------------------

PAGE_W, PAGE_H, MARGIN = 595, 842, 60
FONT = "china-s"


def _text_len(text: str, size: float) -> float:
    import pymupdf
    return pymupdf.get_text_length(text, fontname=FONT, fontsize=size)


_TOKEN = re.compile(r"[0-9A-Za-z.,%]+|.", re.S)


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line fill; a run of digits/letters never breaks (as word processors do)."""
    out, cur = [], ""
    for ch in _TOKEN.findall(text):
        if ch == "\n":
            out.append(cur)
            cur = ""
            continue
        if _text_len(cur + ch, size) > width and cur:
            out.append(cur)
            cur = ""
        cur += ch
    return out + [cur]


class _Pdf:
    def __init__(self) -> None:
        import pymupdf
        self.doc = pymupdf.open()
        self.page = None
        self.y = 0.0
        self.n = 0
        self.new_page()

    def new_page(self) -> None:
        if self.page is not None:
            self.footer()
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.n += 1
        self.y = MARGIN

    def footer(self) -> None:
        label = f"- {self.n} -"
        self.page.insert_text((PAGE_W / 2 - _text_len(label, 9) / 2, PAGE_H - 30), label,
                              fontname=FONT, fontsize=9)

    def para(self, text: str, size: float = 11, indent: bool = True, center: bool = False) -> None:
        width = PAGE_W - 2 * MARGIN
        lines = _wrap(("\u3000\u3000" if indent else "") + text, width, size)
        for line in lines:
            if self.y + size * 1.6 > PAGE_H - MARGIN:
                self.new_page()
            x = MARGIN + (width - _text_len(line, size)) / 2 if center else MARGIN
            self.page.insert_text((x, self.y + size), line, fontname=FONT, fontsize=size)
            self.y += size * 1.7
        self.y += 2

    def _header_copy(self, t: Table, head: list[int], xs: list[float], heights: list[float],
                     size: float) -> None:
        top = self.y
        offs = {r: top + sum(heights[h] for h in head if h < r) for r in head}
        for cell in t.cells:
            if cell.row not in offs:
                continue
            y0 = offs[cell.row]
            y1 = y0 + sum(heights[r] for r in range(cell.row, cell.row + cell.rowspan))
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            self.page.draw_rect((x0, y0, x1, y1), color=(0, 0, 0), width=0.5)
            lines = _wrap(cell.text, x1 - x0 - 4, size)
            ty = y0 + max(2.0, (y1 - y0 - len(lines) * size * 1.3) / 2)
            for line in lines:
                tx = x0 + max(2.0, (x1 - x0 - _text_len(line, size)) / 2)
                self.page.insert_text((tx, ty + size), line, fontname=FONT, fontsize=size)
                ty += size * 1.3
        self.y = top + sum(heights[h] for h in head)

    def table(self, t: Table, widths: list[float], size: float = 8, repeat_header: bool = False) -> None:
        """Ruled table; a row that does not fit moves to the next page (table breaks there)."""
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        heights = []
        for r in range(t.n_rows):
            need = 1
            for cell in t.rows()[r]:
                if cell.rowspan == 1:
                    w = xs[cell.col + cell.colspan] - xs[cell.col] - 4
                    need = max(need, len(_wrap(cell.text.replace("[bookmark: _GoBack]", ""), w, size)))
            heights.append(need * size * 1.3 + 6)
        tops: dict[int, tuple[int, float]] = {}
        head = [r for r in range(t.n_rows) if all(c.header for c in t.rows()[r])] if repeat_header else []
        for r in range(t.n_rows):
            if self.y + heights[r] > PAGE_H - MARGIN:
                self.new_page()
                if head and r > max(head):  # Word's "repeat header rows": draw them again
                    self._header_copy(t, head, xs, heights, size)
            tops[r] = (self.n - 1, self.y)
            self.y += heights[r]
        for cell in t.cells:
            page, top = tops[cell.row]
            last = cell.row + cell.rowspan - 1
            bottom_page, bottom_top = tops[last]
            if bottom_page is not page:  # a merged cell split by the page break: draw each part
                pages: dict[int, list[float]] = {}
                for rr in range(cell.row, last + 1):
                    p, y = tops[rr]
                    pages.setdefault(p, [p, y, y + heights[rr]])
                    pages[p][2] = y + heights[rr]
                segments = list(pages.values())
            else:
                segments = [[page, top, bottom_top + heights[last]]]
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            for i, (pno, y0, y1) in enumerate(segments):
                p = self.doc[pno]
                p.draw_rect((x0, y0, x1, y1), color=(0, 0, 0), width=0.5)
                if i == 0:
                    text = cell.text.replace("[bookmark: _GoBack]", "")
                    lines = _wrap(text, x1 - x0 - 4, size)
                    ty = y0 + max(2.0, (y1 - y0 - len(lines) * size * 1.3) / 2)
                    for line in lines:
                        tx = x0 + max(2.0, (x1 - x0 - _text_len(line, size)) / 2)
                        p.insert_text((tx, ty + size), line, fontname=FONT, fontsize=size)
                        ty += size * 1.3
        self.y += 8

    def finish(self) -> bytes:
        self.footer()
        return self.doc.tobytes()


_WIDTHS = {"active": [150, 108, 108, 109], "requests": [42, 66, 128] + [34] * 7,
           "appeals": [475 / 15] * 15}


def render_pdf(truth: Truth, tables: dict[str, Table], rng: random.Random) -> bytes:
    pdf = _Pdf()
    repeat = rng.random() < 0.3
    for b in truth.blocks:
        if b.kind == "title":
            pdf.para(b.text, size=16, indent=False, center=True)
        elif b.kind == "table":
            room = PAGE_H - MARGIN - pdf.y
            if b.key == "requests" and room > 450:  # start low so the table breaks mid-way
                pdf.y = PAGE_H - MARGIN - rng.uniform(150, 450)
            pdf.table(tables[b.key], _WIDTHS[b.key], repeat_header=repeat)
        else:
            pdf.para(b.text, indent=b.kind == "para")
    return pdf.finish()

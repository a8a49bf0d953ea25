"""docx (real merged cells), portal html (rowspan/colspan inside navigation) and text PDFs
(china-s font, ruled tables that break across pages, wrapped row labels)."""

from __future__ import annotations

import functools
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
    flat = table._cells  # once: table.cell() rebuilds this list on every call
    grid = [flat[r * t.n_cols:(r + 1) * t.n_cols] for r in range(t.n_rows)]
    for cell in t.cells:  # merged regions never overlap, so the cached cells stay valid
        target = grid[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(grid[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
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
            mso = "<o:p></o:p>" if rng.random() < 0.3 else ""  # Word-exported markup
            inner = f'<p class="MsoNormal" align="center"><span style="font-size:10.5pt">{text}{mso}</span></p>'
            tag = "th" if cell.header and th else "td"
            cells.append(f'<{tag}{attrs} valign="middle">{inner if rng.random() < 0.7 else text}</{tag}>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">'
            "<tbody>" + "\n".join(rows) + "</tbody></table>")


def render_html(truth: Truth, tables: dict[str, Table], rng: random.Random) -> tuple[str, str]:
    """(markup, charset): a portal page with header navigation, breadcrumbs and a footer."""
    charset = rng.choice(["utf-8", "utf-8", "gb2312"])
    split = rng.random() < 0.5
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}"/>'
    if charset != "utf-8" and rng.random() < 0.3:  # GBK bytes and no declaration: must be sniffed
        meta = ""
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
<html><head>{meta}
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


@functools.cache
def _char_len(ch: str) -> float:
    import pymupdf
    return pymupdf.get_text_length(ch, fontname=FONT, fontsize=1.0)


def _text_len(text: str, size: float) -> float:
    """Width of ``text`` in points (per-glyph widths cached: loading china-s is slow)."""
    return size * sum(_char_len(ch) for ch in text)


_TOKEN = re.compile(r"[0-9A-Za-z.,%]+|.", re.S)
NO_LINE_START = set("，。、；：？！）》」』”’%")  # kinsoku: these hang at the line end instead


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line fill; a run of digits/letters never breaks (as word processors do)."""
    out, cur = [], ""
    for ch in _TOKEN.findall(text):
        if ch == "\n":
            out.append(cur)
            cur = ""
            continue
        if _text_len(cur + ch, size) > width and cur and ch not in NO_LINE_START:
            out.append(cur)
            cur = ""
        cur += ch
    return out + [cur]


class _Pdf:
    """Lays out pages first and draws at the end, one Shape per page (pymupdf invalidates
    Page objects when a page is added, and one Shape per rectangle is slow)."""

    def __init__(self) -> None:
        self.rects: dict[int, list[tuple[float, float, float, float]]] = {}
        self.texts: dict[int, list[tuple[float, float, str, float]]] = {}
        self.y = 0.0
        self.n = 0
        self.new_page()

    def new_page(self) -> None:
        self.n += 1
        self.rects[self.n - 1], self.texts[self.n - 1] = [], []
        self.y = MARGIN

    def text(self, pno: int, x: float, y: float, text: str, size: float) -> None:
        self.texts[pno].append((x, y, text, size))

    def rect(self, pno: int, box: tuple[float, float, float, float]) -> None:
        self.rects[pno].append(box)

    @property
    def pno(self) -> int:
        return self.n - 1

    def para(self, text: str, size: float = 11, indent: bool = True, center: bool = False) -> None:
        width = PAGE_W - 2 * MARGIN
        lines = _wrap(("\u3000\u3000" if indent else "") + text, width, size)
        for line in lines:
            if self.y + size * 1.6 > PAGE_H - MARGIN:
                self.new_page()
            x = MARGIN + (width - _text_len(line, size)) / 2 if center else MARGIN
            self.text(self.pno, x, self.y + size, line, size)
            self.y += size * 1.7
        self.y += 2

    def cell(self, pno: int, box: tuple[float, float, float, float], text: str, size: float) -> None:
        """A ruled cell with its text wrapped and centred."""
        x0, y0, x1, y1 = box
        self.rect(pno, box)
        lines = _wrap(text, x1 - x0 - 4, size) if text else []
        ty = y0 + max(2.0, (y1 - y0 - len(lines) * size * 1.3) / 2)
        for line in lines:
            self.text(pno, x0 + max(2.0, (x1 - x0 - _text_len(line, size)) / 2), ty + size, line, size)
            ty += size * 1.3

    def finish(self) -> bytes:
        import pymupdf
        doc = pymupdf.open()
        for pno in range(self.n):
            page = doc.new_page(width=PAGE_W, height=PAGE_H)
            shape = page.new_shape()
            for box in self.rects[pno]:
                shape.draw_rect(box)
            shape.finish(color=(0, 0, 0), width=0.5)
            label = f"- {pno + 1} -"  # the footer comes last in the content stream, as in Word PDFs
            footer = (PAGE_W / 2 - _text_len(label, 9) / 2, PAGE_H - 30, label, 9)
            for x, y, text, size in self.texts[pno] + [footer]:
                shape.insert_text((x, y), text, fontname=FONT, fontsize=size)
            shape.commit()
        return doc.tobytes()

    def _header_copy(self, t: Table, head: list[int], xs: list[float], heights: list[float],
                     size: float) -> None:
        top = self.y
        offs = {r: top + sum(heights[h] for h in head if h < r) for r in head}
        for cell in t.cells:
            if cell.row not in offs:
                continue
            y0 = offs[cell.row]
            y1 = y0 + sum(heights[r] for r in range(cell.row, cell.row + cell.rowspan))
            self.cell(self.pno, (xs[cell.col], y0, xs[cell.col + cell.colspan], y1), cell.text, size)
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
            last = cell.row + cell.rowspan - 1
            segments: dict[int, list[float]] = {}  # page -> [top, bottom]: a break splits the cell
            for rr in range(cell.row, last + 1):
                pno, y = tops[rr]
                segments.setdefault(pno, [y, y])[1] = y + heights[rr]
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            for i, (pno, (y0, y1)) in enumerate(segments.items()):
                text = cell.text.replace("[bookmark: _GoBack]", "") if i == 0 else ""
                self.cell(pno, (x0, y0, x1, y1), text, size)
        self.y += 8


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


def scan_pdf(pdf: bytes, rng: random.Random, dpi: int = 200) -> bytes:
    """A text PDF as a scanner gives it back: grey page images only, each tilted by up to 1°,
    a third of them speckled (0.2% of pixels flipped), no text layer."""
    import numpy as np
    import pymupdf
    from PIL import Image  # installed with the OCR extra, which reading a scan needs anyway

    source = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for page in source:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
        image = image.rotate(rng.uniform(-1.0, 1.0), resample=Image.Resampling.BILINEAR, fillcolor=255)
        if rng.random() < 1 / 3:
            pixels = np.array(image)
            noise = np.random.default_rng(rng.randrange(2**32)).random(pixels.shape)
            pixels[noise < 0.001] = 0
            pixels[noise > 0.999] = 255
            image = Image.fromarray(pixels)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        target = out.new_page(width=page.rect.width, height=page.rect.height)
        target.insert_image(target.rect, stream=buffer.getvalue())
    return out.tobytes(deflate=True)
